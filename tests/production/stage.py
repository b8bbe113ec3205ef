"""What the production-shape test needs beyond the demo, run inside the installation with
`manage.py shell` (DEBUG off, so the demo's published password is refused): its people's own
passwords, and a plan long enough to render that a worker can be ended in the middle of it.
Prints the ids the test uses, as JSON."""

import json
import os

from plans.benchmark import build_large_plan
from plans.demo import YOUTH_PLAN
from plans.models import Plan
from stakeholders.models import Jurisdiction, User

PEOPLE = ("official", "approver")


def main():
    password = os.environ["PROOF_PASSWORD"]
    for username in PEOPLE:
        person = User.objects.get(username=username)
        person.set_password(password)
        person.save(update_fields=["password"])
    county = Jurisdiction.objects.get(slug="example-county")
    official = User.objects.get(username="official")
    long_plan = build_large_plan(county, official, commitments=100, comments=200, sessions=10,
                                 title="A plan long to render")
    print(json.dumps({
        "in_review": Plan.objects.get(jurisdiction=county, title=YOUTH_PLAN).pk,
        "long": long_plan.pk,
        "draft": Plan.objects.filter(jurisdiction=county, status="consultation").get().pk,
    }))
