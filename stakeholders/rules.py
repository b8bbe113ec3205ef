"""What each role may do, in one place. Views, templates and querysets ask these rules.

A rule's object is a Jurisdiction or anything that belongs to one (has ``jurisdiction_id``).
"""

import rules

from .models import Jurisdiction, Role


def jurisdiction_id_of(obj):
    if isinstance(obj, Jurisdiction):
        return obj.pk
    return obj.jurisdiction_id


@rules.predicate
def is_site_admin(user):
    return user.is_authenticated and user.is_active and user.is_staff


def holds_role(*roles):
    """A predicate: the user holds one of ``roles`` in the object's jurisdiction."""
    wanted = set(roles)

    @rules.predicate(name=f"holds_role({', '.join(roles)})")
    def predicate(user, obj):
        if obj is None or not user.is_authenticated:
            return False
        return bool(user.roles_in(jurisdiction_id_of(obj)) & wanted)

    return predicate


is_member = holds_role(*Role.values)
is_jurisdiction_admin = holds_role(Role.JURISDICTION_ADMIN)
is_editor = holds_role(Role.EDITOR)
is_signatory = holds_role(Role.SIGNATORY)
is_partner = holds_role(Role.PARTNER)

rules.add_perm("stakeholders.create_jurisdiction", is_site_admin)
rules.add_perm("stakeholders.view_jurisdiction", is_site_admin | is_member)
rules.add_perm("stakeholders.manage_members", is_site_admin | is_jurisdiction_admin)
rules.add_perm(
    "stakeholders.manage_organizations", is_site_admin | is_jurisdiction_admin | is_editor
)
