from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0005_jurisdiction_changed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Spanish")],
                help_text="The language of the invitation email and of the new account's pages.",
                max_length=10,
                verbose_name="language",
            ),
        ),
    ]
