"""E-mail addresses are kept trimmed and in lower case, and the database holds them to it."""

import django.db.models.functions.text
from django.db import migrations, models


def normalise_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    for user in User.objects.all().only("pk", "email"):
        spelt = user.email.strip().lower()
        if spelt == user.email:
            continue
        if User.objects.filter(email=spelt).exclude(pk=user.pk).exists():
            raise RuntimeError(
                f"Two accounts share the address {spelt} in different spellings; merge or "
                "rename one of them, then migrate again."
            )
        User.objects.filter(pk=user.pk).update(email=spelt)
    for invitation in Invitation.objects.all().only("pk", "email"):
        spelt = invitation.email.strip().lower()
        if spelt != invitation.email:
            Invitation.objects.filter(pk=invitation.pk).update(email=spelt)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0004_languages"),
    ]

    operations = [
        migrations.RunPython(normalise_emails, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "email",
                        django.db.models.functions.text.Lower(
                            django.db.models.functions.text.Trim("email")
                        ),
                    )
                ),
                name="user_email_normalised",
                violation_error_message="The e-mail address must be stored in lower case.",
            ),
        ),
    ]
