"""Memberships, invitations and jurisdictions: the rules kept on the models."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from stakeholders.input import IN_SIGHT, OUT_OF_SIGHT, Comment
from stakeholders.models import Invitation, Jurisdiction, Membership, Role
from tests.factories import (
    InvitationFactory,
    JurisdictionFactory,
    MembershipFactory,
    UserFactory,
    example_county,
    member,
    sample_city,
)
from tests.stakeholders.test_consultation import example_people, plan_in_consultation
from tests.stakeholders.test_heard import comment

pytestmark = pytest.mark.django_db


def test_a_jurisdiction_cannot_take_the_address_of_the_creation_page():
    with pytest.raises(ValidationError) as refused:
        JurisdictionFactory.build(slug="new").full_clean()
    assert refused.value.message_dict == {
        "slug": ["This web address name is taken by the planner; choose another."]
    }


def test_roles_by_jurisdiction_reads_every_current_role_in_one_query(django_assert_num_queries):
    county, city = example_county(), sample_city()
    person = member(county, Role.EDITOR)
    MembershipFactory(user=person, jurisdiction=county, role=Role.JURISDICTION_ADMIN)
    MembershipFactory(user=person, jurisdiction=city, role=Role.PARTNER, partner=True)
    MembershipFactory(user=person, jurisdiction=city, role=Role.EDITOR).end(by=person)
    with django_assert_num_queries(1):
        roles = person.roles_by_jurisdiction()
        assert person.roles_in(county.pk) == {Role.EDITOR, Role.JURISDICTION_ADMIN}
        assert person.roles_in(city.pk) == {Role.PARTNER}
        assert person.roles_in(county.pk + city.pk) == set()
    assert roles == {county.pk: {"editor", "jurisdiction_admin"}, city.pk: {"partner"}}


def test_jurisdictions_visible_to_a_member_a_site_admin_and_a_stranger():
    county, city = example_county(), sample_city()
    person = member(county)
    assert list(Jurisdiction.objects.visible_to(person)) == [county]
    assert list(Jurisdiction.objects.visible_to(UserFactory(is_staff=True))) == [county, city]
    assert list(Jurisdiction.objects.visible_to(UserFactory())) == []


def test_ending_a_membership_keeps_the_row_and_the_person():
    admin = member(example_county(), Role.JURISDICTION_ADMIN)
    membership = MembershipFactory(jurisdiction=admin.memberships.get().jurisdiction)
    membership.end(by=admin)
    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.ended_by == admin
    assert Membership.objects.active().filter(pk=membership.pk).count() == 0
    assert membership.user.pk is not None


def test_a_person_holds_a_role_once_but_may_hold_it_again_after_leaving():
    membership = MembershipFactory(role=Role.EDITOR)
    membership.end(by=membership.user)
    MembershipFactory(user=membership.user, jurisdiction=membership.jurisdiction)
    with pytest.raises(IntegrityError):
        MembershipFactory(user=membership.user, jurisdiction=membership.jurisdiction)


def test_the_only_jurisdiction_admin_cannot_leave_the_role_until_another_is_appointed():
    county = example_county()
    first = MembershipFactory(jurisdiction=county, role=Role.JURISDICTION_ADMIN)
    assert not first.can_leave_role()
    assert MembershipFactory(jurisdiction=county).can_leave_role()
    MembershipFactory(jurisdiction=county, role=Role.JURISDICTION_ADMIN)
    assert first.can_leave_role()


def test_an_invitation_stores_only_a_hash_of_its_token():
    invitation = InvitationFactory(email="  New.Person@Example.org ")
    assert invitation.email == "new.person@example.org"
    assert invitation.token not in invitation.token_hash
    assert Invitation.for_token(invitation.token) == invitation
    assert Invitation.for_token(invitation.token + "x") is None
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)


def test_pending_invitations_exclude_accepted_revoked_and_expired_ones():
    county = JurisdictionFactory()
    pending = InvitationFactory(jurisdiction=county)
    InvitationFactory(jurisdiction=county).accept(UserFactory())
    InvitationFactory(jurisdiction=county).revoke()
    expired = InvitationFactory(jurisdiction=county)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    assert list(Invitation.objects.pending()) == [pending]


def test_accepting_gives_the_role_with_its_details_once():
    county = example_county()
    invitation = InvitationFactory(
        jurisdiction=county, role=Role.SIGNATORY, agency="Sheriff's Office", title="Sheriff"
    )
    person = UserFactory()
    membership = invitation.accept(person)
    assert (membership.user, membership.role, membership.agency, membership.title) == (
        person,
        Role.SIGNATORY,
        "Sheriff's Office",
        "Sheriff",
    )
    assert not invitation.is_usable
    assert invitation.accepted_by == person


def test_renewing_gives_a_new_link_and_a_new_week():
    invitation = InvitationFactory()
    old_token = invitation.token
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    invitation.refresh_from_db()
    invitation.renew()
    assert invitation.token != old_token
    assert Invitation.for_token(old_token) is None
    assert Invitation.for_token(invitation.token).is_usable


def test_in_sight_as_a_filter_agrees_with_each_comment_in_sight():
    """IN_SIGHT and OUT_OF_SIGHT, with which the pages count in the database, say what
    Comment.is_in_sight says: a hidden comment takes its replies out of sight with it."""

    people = example_people()
    plan = plan_in_consultation(people)
    shown = comment(people, plan, "In sight")
    comment(people, plan, "A reply in sight", parent=shown)
    hidden = comment(people, plan, "Hidden")
    comment(people, plan, "A reply hidden with its comment", parent=hidden)
    own_reply_hidden = comment(people, plan, "A reply hidden on its own", parent=shown)
    for made in (hidden, own_reply_hidden):
        made.hide(by=people.admin, reason="Off topic.")
    everything = Comment.objects.filter(plan=plan).select_related("parent")
    in_sight = {c.body for c in everything if c.is_in_sight}
    assert in_sight == {"In sight", "A reply in sight"}
    assert set(everything.filter(IN_SIGHT).values_list("body", flat=True)) == in_sight
    assert set(everything.filter(OUT_OF_SIGHT).values_list("body", flat=True)) == (
        {c.body for c in everything} - in_sight)
