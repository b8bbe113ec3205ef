"""Nothing changes a signed snapshot: not the model, and not the database either."""

import hashlib

import pytest
from django.db import DatabaseError, connection, transaction

from plans.content import plan_content
from plans.models import Snapshot
from plans.models.signoff import SnapshotImmutable, canonical_json

from .factories import CommitmentFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot():
    plan = PlanFactory(title="Signed plan", vision="Prevention first — für alle.")
    CommitmentFactory(plan=plan, local_practice="Violence interrupters")
    content = plan_content(plan)
    content["signatures"] = [
        {"name": "Sam Signer", "title": "Chief", "agency": "Probation", "signed_at": "x"}
    ]
    return Snapshot.freeze(plan, content)


def stored(snapshot):
    return Snapshot.objects.get(pk=snapshot.pk)


def test_a_fresh_snapshot_verifies_against_its_digest(snapshot):
    assert snapshot.verify()
    again = stored(snapshot)
    assert again.verify()
    assert again.digest == hashlib.sha256(canonical_json(again.content).encode()).hexdigest()
    assert again.content["plan"]["vision"] == "Prevention first — für alle."


def test_verify_notices_content_that_no_longer_matches_its_digest(snapshot):
    snapshot.content["plan"]["title"] = "Quietly changed"
    assert not snapshot.verify()


def test_the_model_refuses_to_save_a_snapshot_again(snapshot):
    snapshot.content = {"plan": {"title": "Changed"}}
    with pytest.raises(SnapshotImmutable):
        snapshot.save()
    assert stored(snapshot).content["plan"]["title"] == "Signed plan"


def test_the_model_refuses_to_delete_a_snapshot(snapshot):
    with pytest.raises(SnapshotImmutable):
        snapshot.delete()
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()


def test_the_database_refuses_an_update_of_a_snapshot(snapshot):
    """Even a queryset update, which skips the model's save(), is refused by a trigger."""
    with pytest.raises(DatabaseError), transaction.atomic():
        Snapshot.objects.filter(pk=snapshot.pk).update(content={"plan": {"title": "Changed"}})
    with pytest.raises(DatabaseError), transaction.atomic():
        Snapshot.objects.filter(pk=snapshot.pk).update(digest="0" * 64)
    again = stored(snapshot)
    assert again.content["plan"]["title"] == "Signed plan"
    assert again.digest == snapshot.digest and again.verify()


def test_the_database_refuses_a_raw_sql_update_of_a_snapshot(snapshot):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE plans_snapshot SET digest = %s WHERE id = %s", ["f" * 64, snapshot.pk]
        )
    assert stored(snapshot).digest == snapshot.digest


def test_postgresql_refuses_a_raw_delete_of_a_snapshot(on_postgresql, snapshot):
    with pytest.raises(DatabaseError, match="a signed snapshot never changes"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_snapshot WHERE id = %s", [snapshot.pk])
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()


def test_postgresql_refuses_a_queryset_delete_of_a_snapshot(on_postgresql, snapshot):
    with pytest.raises(DatabaseError), transaction.atomic():
        Snapshot.objects.filter(pk=snapshot.pk).delete()
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()
