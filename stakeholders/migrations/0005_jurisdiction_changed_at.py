import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0004_user_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="jurisdiction",
            name="changed_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="last changed"),
            preserve_default=False,
        ),
    ]
