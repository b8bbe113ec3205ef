"""What each role may do with plans. The plan's state is guarded by plans.workflow."""

import rules

from stakeholders.rules import (
    is_editor,
    is_jurisdiction_admin,
    is_member,
    is_signatory,
    is_site_admin,
)


@rules.predicate
def plan_is_editable(user, plan):
    return plan is not None and plan.is_editable


rules.add_perm("plans.view_plan", is_site_admin | is_member)
# object: the jurisdiction
rules.add_perm("plans.view_audit_log", is_site_admin | is_jurisdiction_admin)
rules.add_perm("plans.add_plan", is_editor)  # object: the jurisdiction
rules.add_perm("plans.change_plan", is_editor & plan_is_editable)
rules.add_perm("plans.open_consultation", is_editor)
rules.add_perm("plans.close_consultation", is_editor)
rules.add_perm("plans.back_to_draft", is_editor)
rules.add_perm("plans.request_signoff", is_editor)
rules.add_perm("plans.amend_plan", is_editor)
rules.add_perm("plans.export_plan", is_editor)
rules.add_perm("plans.sign_plan", is_signatory)
rules.add_perm("plans.return_plan", is_signatory)
