"""A commitment copied by "amend" remembers the signed commitment it came from, so that the
new version shows what the implementation record says of it (issue 14, strengthen).

Versions amended before this migration are linked where the copy is unmistakable: the same
principle, practice (or local practice name) and position as exactly one commitment of the
version it amends. Nothing else changes; going back simply drops the column."""

import django.db.models.deletion
from django.db import migrations, models


def link_copies(apps, schema_editor):
    Commitment = apps.get_model("plans", "Commitment")
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.filter(previous__isnull=False).only("pk", "previous_id"):
        origins = {}
        for origin in Commitment.objects.filter(plan_id=plan.previous_id):
            key = (origin.principle_id, origin.practice_id, origin.local_practice,
                   origin.position)
            origins.setdefault(key, []).append(origin.pk)
        taken = set()
        for copy in Commitment.objects.filter(plan_id=plan.pk, carried_from__isnull=True):
            match = origins.get((copy.principle_id, copy.practice_id, copy.local_practice,
                                 copy.position), [])
            if len(match) == 1 and match[0] not in taken:
                taken.add(match[0])
                # an update of one column the history does not show: no new history record
                Commitment.objects.filter(pk=copy.pk).update(carried_from_id=match[0])


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_export_job_content'),
    ]

    operations = [
        migrations.AddField(
            model_name='commitment',
            name='carried_from',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='carried_into', to='plans.commitment', verbose_name='carried over from'),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='carried_from',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.commitment', verbose_name='carried over from'),
        ),
        migrations.RunPython(link_copies, migrations.RunPython.noop),
    ]
