"""An email takes effect only once its owner follows a link sent to it.

Existing accounts: an address counts as confirmed where the person accepted an invitation
sent to that very address (the link reached them there). Where two active accounts would
both count, neither does: each can confirm from their profile, and the first wins. Every
other address (changed in the profile since, or set in Django admin) waits for its owner
to confirm it from the profile, or for a site admin to tick it in Django admin.
"""

from collections import defaultdict

import django.db.models.functions.text
import stakeholders.models
from django.db import migrations, models


def confirm_addresses_that_received_an_invitation(apps, schema_editor):
    User = apps.get_model("stakeholders", "User")
    Invitation = apps.get_model("stakeholders", "Invitation")
    by_address = defaultdict(set)
    for user_id, email, invited_at in Invitation.objects.filter(
        accepted_by__isnull=False
    ).values_list("accepted_by_id", "accepted_by__email", "email"):
        if email and email.lower() == invited_at.lower():
            by_address[email.lower()].add(user_id)
    confirmed = []
    for user_ids in by_address.values():
        active = User.objects.filter(pk__in=user_ids, is_active=True).count()
        if active <= 1:
            confirmed.extend(user_ids)
    User.objects.filter(pk__in=confirmed).update(email_verified=True)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('stakeholders', '0006_invitation_language'),
    ]

    operations = [
        migrations.AlterModelManagers(
            name='user',
            managers=[
                ('objects', stakeholders.models.PersonManager()),
            ],
        ),
        migrations.AddField(
            model_name='user',
            name='email_verified',
            field=models.BooleanField(default=False, help_text='Set when the person followed a link sent to this address. Only a confirmed address receives password-reset links and is matched to invitations.', verbose_name='email confirmed'),
        ),
        migrations.AddField(
            model_name='user',
            name='pending_email',
            field=models.EmailField(blank=True, help_text='It replaces the email when the person follows the link sent to it.', max_length=254, verbose_name='new email waiting for confirmation'),
        ),
        migrations.RunPython(
            confirm_addresses_that_received_an_invitation,
            migrations.RunPython.noop,  # going back drops the fields
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), condition=models.Q(('email_verified', True), ('is_active', True), models.Q(('email', ''), _negated=True)), name='one_active_account_per_confirmed_email', violation_error_message='Another active account has already confirmed this email address.'),
        ),
    ]
