"""Who takes part: people, the jurisdictions they plan for, their roles, and organizations."""

import hashlib
import secrets
from datetime import timedelta

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

INVITATION_LIFETIME = timedelta(days=7)
RESERVED_SLUGS = {"new"}


class Role(models.TextChoices):
    JURISDICTION_ADMIN = "jurisdiction_admin", _("Jurisdiction admin")
    EDITOR = "editor", _("Editor")
    SIGNATORY = "signatory", _("Signatory")
    PARTNER = "partner", _("Partner")


class EmailTaken(Exception):
    """Another active account has confirmed this email address."""


class PersonManager(UserManager):
    def with_confirmed_email(self, email):
        """The active account whose confirmed address is ``email`` (at most one)."""
        return self.filter(email__iexact=email, email_verified=True, is_active=True)


class User(AbstractUser):
    """A person using the planner; their roles are held per jurisdiction."""

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en",
        help_text=_("The language of the pages and of the emails you get."),
    )
    # Only a confirmed address gets password-reset links and is matched to invitations: an
    # address typed into a profile proves nothing until its owner follows a link sent to it.
    email_verified = models.BooleanField(
        _("email confirmed"), default=False,
        help_text=_(
            "Set when the person followed a link sent to this address. Only a confirmed "
            "address receives password-reset links and is matched to invitations."
        ),
    )
    pending_email = models.EmailField(
        _("new email waiting for confirmation"), blank=True,
        help_text=_("It replaces the email when the person follows the link sent to it."),
    )

    objects = PersonManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(email_verified=True, is_active=True) & ~Q(email=""),
                name="one_active_account_per_confirmed_email",
                violation_error_message=_(
                    "Another active account has already confirmed this email address."
                ),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def request_email_change(self, address):
        """Keep ``address`` waiting until its owner follows the link sent to it; the email
        in use stays until then."""
        self.pending_email = address
        self.save(update_fields=["pending_email"])

    def cancel_email_change(self):
        self.pending_email = ""
        self.save(update_fields=["pending_email"])

    def awaits_confirmation_of(self, address):
        """Whether a confirmation link for ``address`` still stands: it is the new address
        waiting, or the current one not confirmed yet."""
        address = address.lower()
        return address == self.pending_email.lower() or (
            address == self.email.lower() and not self.email_verified
        )

    def confirm_email(self, address):
        """Make ``address`` this person's confirmed email (its owner followed a link sent
        there). Raises EmailTaken when another active account confirmed it meanwhile."""
        if User.objects.with_confirmed_email(address).exclude(pk=self.pk).exists():
            raise EmailTaken
        if address.lower() == self.pending_email.lower():
            self.pending_email = ""
        self.email, self.email_verified = address, True
        try:
            with transaction.atomic():
                self.save(update_fields=["email", "email_verified", "pending_email"])
        except IntegrityError:  # confirmed elsewhere at this very moment
            self.refresh_from_db()
            raise EmailTaken from None

    def has_perm(self, perm, obj=None):
        # The planner's own permissions (rules.py of each app) hold for superusers too:
        # a site admin may run the installation but does not sign a plan for an agency.
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def roles_by_jurisdiction(self):
        """{jurisdiction id: set of roles} for this person's current memberships, in one
        query per request (cached on the instance)."""
        if not hasattr(self, "_roles_cache"):
            cache = {}
            for jurisdiction_id, role in (
                Membership.objects.active().filter(user=self).order_by()  # no joins to sort
                .values_list("jurisdiction_id", "role")
            ):
                cache.setdefault(jurisdiction_id, set()).add(role)
            self._roles_cache = cache
        return self._roles_cache

    def roles_in(self, jurisdiction_id):
        return self.roles_by_jurisdiction().get(jurisdiction_id, set())


class JurisdictionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Jurisdictions where the user holds a role; every one for a site admin."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(pk__in=list(user.roles_by_jurisdiction()))


class DataLicence(models.TextChoices):
    """The licences a jurisdiction can publish its open data under (opendata app)."""

    CC_BY_4 = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC0 = "cc0-1.0", _("Creative Commons Zero 1.0 (CC0): no rights reserved")
    ODBL = "odbl-1.0", _("Open Database License 1.0 (ODbL)")
    PUBLIC_DOMAIN = "public-domain", _("Public domain")


LICENCE_ADDRESSES = {
    DataLicence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    DataLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    DataLicence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
    DataLicence.PUBLIC_DOMAIN: "",
}


class Jurisdiction(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("County")
        CITY = "city", _("City")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("state"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter state code, e.g. CA."))],
        help_text=_("Two-letter code, e.g. CA."),
    )
    slug = models.SlugField(
        _("web address name"),
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens; used in the page addresses."),
    )
    data_licence = models.CharField(
        _("licence of its open data"), max_length=20, choices=DataLicence.choices,
        default=DataLicence.CC_BY_4,
        help_text=_("The terms under which anyone may reuse its published blueprints and "
                    "progress reports as data."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Moves whenever anything on its plans' pages changes: a plan, its content, an export
    # (plans/fragments.py keeps whole pages under it).
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:jurisdiction", args=[self.slug])

    @property
    def data_licence_url(self):
        """Where the licence's terms are read ("" for the public domain, which has none)."""
        return LICENCE_ADDRESSES.get(self.data_licence, "")

    def clean(self):
        # /jurisdictions/new/ is the page that creates one: a jurisdiction of that slug
        # could never be reached.
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This web address name is taken by the planner; choose another.")}
            )


class Organization(models.Model):
    """A body whose people take part: partners belong to one; listening sessions have hosts."""

    class Sector(models.TextChoices):
        COMMUNITY_BASED = "community_based", _("Community-based organization")
        SURVIVORS = "survivors", _("Survivors and victims' services")
        PUBLIC_HEALTH = "public_health", _("Public health")
        BEHAVIORAL_HEALTH = "behavioral_health", _("Behavioral health")
        EDUCATION = "education", _("Education")
        FAITH = "faith", _("Faith")
        BUSINESS = "business", _("Business")
        YOUTH = "youth", _("Youth")
        HOUSING = "housing", _("Housing")
        WORKFORCE = "workforce", _("Workforce")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        PROSECUTION = "prosecution", _("Prosecution")
        PUBLIC_DEFENSE = "public_defense", _("Public defense")
        PROBATION = "probation", _("Probation")
        COURTS = "courts", _("Courts")
        OTHER = "other", _("Other")

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("jurisdiction"),
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"], name="organization_name_unique_in_jurisdiction"
            )
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)

    def held_by(self, user):
        """The roles a person holds now, with their jurisdictions and organizations."""
        return self.active().filter(user=user).select_related("jurisdiction", "organization")

    def partner_organizations(self, jurisdiction_id):
        """{user id: organization} of the jurisdiction's partners: whom a comment speaks for,
        on the consultation page and in the signed blueprint alike."""
        return {
            m.user_id: m.organization
            for m in self.active()
            .filter(jurisdiction_id=jurisdiction_id, role=Role.PARTNER)
            .select_related("organization")
        }


class Membership(models.Model):
    """One role a person holds in one jurisdiction. Removal ends it; the row stays so that
    what the person wrote remains attributed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("person"),
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("jurisdiction"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.CharField(
        _("agency"),
        max_length=200,
        blank=True,
        help_text=_("For a signatory: the agency they sign for."),
    )
    title = models.CharField(
        pgettext_lazy("a person's job", "title"),
        max_length=200,
        blank=True,
        help_text=_("For a signatory: their title."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organization"),
        help_text=_("For a partner: the organization they belong to."),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["jurisdiction__name", "role", "user__last_name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "jurisdiction", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_active_membership_per_role",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.jurisdiction}"

    @property
    def is_active(self):
        return self.ended_at is None

    def can_leave_role(self):
        """A jurisdiction always keeps at least one admin."""
        if self.role != Role.JURISDICTION_ADMIN:
            return True
        return (
            Membership.objects.active()
            .filter(jurisdiction_id=self.jurisdiction_id, role=Role.JURISDICTION_ADMIN)
            .exclude(pk=self.pk)
            .exists()
        )

    def end(self, *, by):
        """Remove the person from this role; their past contributions stay attributed."""
        self.ended_at = timezone.now()
        self.ended_by = by
        self.save(update_fields=["ended_at", "ended_by"])


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def current_language():
    """The language in use now, as one of settings.LANGUAGES."""
    return translation.get_supported_language_variant(
        translation.get_language() or settings.LANGUAGE_CODE)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def unanswered(self):
        """Neither accepted nor withdrawn, nor replaced by a later invitation to the same
        address in the same jurisdiction: pending ones and expired ones that still call for
        resending or withdrawing."""
        later = Invitation.objects.filter(
            jurisdiction=models.OuterRef("jurisdiction"),
            email=models.OuterRef("email"),
            created_at__gt=models.OuterRef("created_at"),
        )
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).exclude(
            models.Exists(later))


class InvitationUnusable(Exception):
    """The invitation was accepted, withdrawn or expired before this acceptance."""


class Invitation(models.Model):
    """A one-time, expiring link by which a person joins a jurisdiction with a role.

    Only the token's SHA-256 is stored: the link in the email is the one copy.
    """

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("jurisdiction"),
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    title = models.CharField(pgettext_lazy("a person's job", "title"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("organization"),
    )
    # blank for invitations sent before they had one: the invitee's browser decides
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True,
        help_text=_("The language of the invitation email and of the new account's pages."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} · {self.get_role_display()} · {self.jurisdiction}"

    @classmethod
    def issue(
        cls, *, jurisdiction, email, role, invited_by, agency="", title="", organization=None,
        language=None,
    ):
        """Create an invitation; returns it with ``token`` set (not stored) for the link."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            jurisdiction=jurisdiction,
            email=email.strip().lower(),
            role=role,
            agency=agency,
            title=title,
            organization=organization,
            language=language or current_language(),
            invited_by=invited_by,
            token_hash=hash_token(token),
            expires_at=timezone.now() + INVITATION_LIFETIME,
        )
        invitation.token = token
        return invitation

    @classmethod
    def for_token(cls, token):
        return (
            cls.objects.select_related("jurisdiction", "organization")
            .filter(token_hash=hash_token(token))
            .first()
        )

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    def accept(self, user):
        """Give the person the invited role and close the invitation, once: of several
        acceptances at the same moment one wins, the others raise InvitationUnusable. A new
        account (``user`` not saved yet) is saved only by the one that wins. The person's
        email, if it is the invitation's, counts as confirmed: the link reached them there."""
        accepted_at = timezone.now()
        with transaction.atomic():
            # Claiming the row first makes the others wait for this transaction, then find
            # it accepted: nothing of theirs is written.
            if not Invitation.objects.pending().filter(pk=self.pk).update(accepted_at=accepted_at):
                raise InvitationUnusable
            if user.email.lower() == self.email.lower() and not user.email_verified:
                user.email_verified = True  # the link reached them at this address
                if user.pk is not None:
                    user.save(update_fields=["email_verified"])
            if user.pk is None:
                user.save()
            Invitation.objects.filter(pk=self.pk).update(accepted_by=user)
            membership, _ = Membership.objects.active().get_or_create(
                user=user,
                jurisdiction=self.jurisdiction,
                role=self.role,
                defaults={
                    "agency": self.agency,
                    "title": self.title,
                    "organization": self.organization,
                },
            )
        self.accepted_at, self.accepted_by = accepted_at, user
        return membership

    def renew(self):
        """A fresh link and a fresh week; the old link stops working. One sent before
        invitations had a language takes the renewing admin's, as its email will."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + INVITATION_LIFETIME
        self.language = self.language or current_language()
        self.save(update_fields=["token_hash", "expires_at", "language"])
        self.token = token
        return self

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


from .input import (  # noqa: E402 - input models live in their own module
    Comment,
    Disposition,
    ListeningSession,
    Response,
)

__all__ = [
    "Comment", "Disposition", "Invitation", "Jurisdiction", "ListeningSession", "Membership",
    "Organization", "Response", "Role", "User",
]
