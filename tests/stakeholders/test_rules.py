"""What each role may do, asked as the views and templates ask it: user.has_perm."""

import pytest

from stakeholders.models import Role
from tests.factories import MembershipFactory, UserFactory, example_county, member, sample_city

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
