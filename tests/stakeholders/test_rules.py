"""What each role may do, asked as the views and templates ask it: user.has_perm."""

import pytest

from stakeholders.input import Comment
from stakeholders.models import Role
from stakeholders.rules import readable_comments
from tests.factories import MembershipFactory, UserFactory, example_county, member, sample_city
from tests.stakeholders.test_consultation import example_people, plan_in_consultation
from tests.stakeholders.test_heard import comment

pytestmark = pytest.mark.django_db

PERMS = ["view_jurisdiction", "manage_members", "manage_organizations"]
ALLOWED = {
    Role.JURISDICTION_ADMIN: {"view_jurisdiction", "manage_members", "manage_organizations"},
    Role.EDITOR: {"view_jurisdiction", "manage_organizations"},
    Role.SIGNATORY: {"view_jurisdiction"},
    Role.PARTNER: {"view_jurisdiction"},
}


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_gets_its_permissions_in_its_jurisdiction_only(role):
    county, city = example_county(), sample_city()
    person = member(county, role)
    for perm in PERMS:
        assert person.has_perm(f"stakeholders.{perm}", county) == (perm in ALLOWED[role]), perm
        assert not person.has_perm(f"stakeholders.{perm}", city), perm
    assert not person.has_perm("stakeholders.create_jurisdiction")


def test_a_site_admin_without_membership_may_run_every_jurisdiction():
    county = example_county()
    site_admin = UserFactory(is_staff=True)
    assert site_admin.has_perm("stakeholders.create_jurisdiction")
    for perm in PERMS:
        assert site_admin.has_perm(f"stakeholders.{perm}", county)


def test_an_inactive_site_admin_is_refused_every_planner_permission():
    county = example_county()
    retired = UserFactory(is_staff=True, is_superuser=True, is_active=False)
    assert not retired.has_perm("stakeholders.create_jurisdiction")
    for perm in PERMS:
        assert not retired.has_perm(f"stakeholders.{perm}", county)


def test_a_superuser_who_is_not_staff_and_holds_no_role_follows_the_rules():
    county = example_county()
    superuser = UserFactory(is_superuser=True, is_staff=False)
    assert not superuser.has_perm("stakeholders.create_jurisdiction")
    assert not superuser.has_perm("stakeholders.manage_members", county)
    # Django's own permissions still hold for a superuser.
    assert superuser.has_perm("stakeholders.change_jurisdiction")


def test_a_removed_member_loses_the_permissions_of_the_role():
    county = example_county()
    membership = MembershipFactory(jurisdiction=county, role=Role.EDITOR)
    membership.end(by=membership.user)
    person = type(membership.user).objects.get(pk=membership.user_id)
    assert not person.has_perm("stakeholders.view_jurisdiction", county)


def test_a_rule_asked_about_an_object_of_a_jurisdiction_follows_its_jurisdiction():
    county = example_county()
    editor = member(county, Role.EDITOR)
    organization = MembershipFactory(jurisdiction=county, partner=True).organization
    assert editor.has_perm("stakeholders.manage_organizations", organization)
    assert not member(sample_city()).has_perm("stakeholders.manage_organizations", organization)


# --- reading comments: the rule, and the same rule as a filter the pages count with ----------


def test_the_comments_a_person_reads_are_those_the_read_comment_rule_allows():
    """readable_comments (what the consultation page counts and filters in the database)
    lets each person read exactly the comments and replies that the rule lets them read."""

    people = example_people()
    plan = plan_in_consultation(people)
    shown = comment(people, plan, "In sight")
    comment(people, plan, "A reply in sight", parent=shown, author=people.neighbour)
    hidden = comment(people, plan, "Hidden")
    comment(people, plan, "A reply hidden with its comment", parent=hidden,
            author=people.neighbour)
    own_reply_hidden = comment(people, plan, "A reply hidden on its own", parent=shown)
    for made in (hidden, own_reply_hidden):
        made.hide(by=people.admin, reason="Off topic.")
    outsider = member(sample_city(), Role.EDITOR)
    everyone = [people.admin, people.editor, people.signatory, people.partner,
                people.neighbour, people.site_admin, outsider]
    comments = list(Comment.objects.filter(plan=plan).select_related("parent", "plan"))
    for person in everyone:
        allowed = {c.pk for c in comments if person.has_perm("stakeholders.read_comment", c)}
        filtered = set(Comment.objects.filter(readable_comments(person, plan), plan=plan)
                       .values_list("pk", flat=True))
        assert filtered == allowed, person
    # each way of reading is taken by someone: the moderator reads all, the outsider none
    assert len(set(Comment.objects.filter(readable_comments(people.admin, plan))
                   .values_list("pk", flat=True))) == 5
    assert not Comment.objects.filter(readable_comments(outsider, plan)).exists()
