"""Who may do what with a signed plan's implementation record. The object is the plan.

Everyone holding a role in the jurisdiction reads the record; jurisdiction admins choose the
reporting schedule; editors record updates and values, only while the plan is in effect.
The record of a signed plan is also public (progress.views.PublicProgressView): the
blueprint is public, and so is whether the jurisdiction does what it signed.
"""

import rules

from stakeholders.rules import is_editor, is_jurisdiction_admin, is_member, is_site_admin

from .models import in_effect


@rules.predicate
def plan_is_signed(user, plan):
    return plan is not None and plan.is_signed


@rules.predicate
def plan_in_effect(user, plan):
    return plan is not None and in_effect(plan)


rules.add_perm("progress.view_record", (is_site_admin | is_member) & plan_is_signed)
rules.add_perm("progress.set_schedule",
               (is_site_admin | is_jurisdiction_admin) & plan_in_effect)
rules.add_perm("progress.record_progress", is_editor & plan_in_effect)
# A period's report: published by an editor while the plan is in effect (progress.reports
# says which periods can be, and when); read by anyone once published, like the blueprint.
# Comments on it follow stakeholders' rules, which ask the report whether it takes them.
rules.add_perm("progress.publish_report", is_editor & plan_in_effect)
