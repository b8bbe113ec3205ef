"""Demo data for trying the planner: the accounts and records DESIGN.md promises.

Every step looks up before it creates, so running it again changes nothing.
"""

from django.contrib.auth import get_user_model

from principles.catalogue import load_blueprint

DEMO_PASSWORD = "shared-safety-demo"


def ensure_user(username, *, first_name, last_name, email, is_staff=False):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "is_staff": is_staff,
            "is_superuser": is_staff,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def seed():
    """Create what is missing and yield one line per thing done."""
    report = load_blueprint()
    yield from report.lines()
    _, created = ensure_user(
        "admin", first_name="Site", last_name="Admin", email="admin@example.org", is_staff=True
    )
    yield f"user admin {'created' if created else 'already there'}"
