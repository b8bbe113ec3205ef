"""The catalogue is data: a versioned file, loaded by a migration and by load_blueprint."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from principles.catalogue import DATA_FILE, load_blueprint, read_catalogue
from principles.models import Practice, Principle, Stage

pytestmark = pytest.mark.django_db

DATA = read_catalogue()
STAGE_SLUGS = ["envision", "plan", "invest", "evaluate", "strengthen"]


def test_data_file_has_five_principles_each_with_the_five_stages_in_order():
    assert [stage["slug"] for stage in DATA["stages"]] == STAGE_SLUGS
    assert [p["number"] for p in DATA["principles"]] == [1, 2, 3, 4, 5]
    assert [p["name"] for p in DATA["principles"]] == [
        "Shifting to a Public Health Frame",
        "Well-Being is Safety",
        "Crime Survivors at the Center",
        "Breaking the Cycle of Harm",
        "Making the System Work",
    ]


@pytest.mark.parametrize(
    "practice",
    [practice for principle in DATA["principles"] for practice in principle["practices"]],
    ids=lambda practice: practice["slug"],
)
def test_every_practice_in_the_data_file_has_its_parts_and_a_source(practice):
    assert practice["stage"] in STAGE_SLUGS
    for part in ("title", "summary", "why", "how_it_helps", "source_url"):
        assert practice[part].strip(), part
    assert practice["source_url"].startswith("http")
    assert len(practice["questions"]) >= 2
    assert len(practice["implementation"]) >= 2


def test_every_principle_has_its_envision_practice():
    for principle in DATA["principles"]:
        assert "envision" in {practice["stage"] for practice in principle["practices"]}


def test_migration_loaded_the_whole_data_file():
    assert Stage.objects.count() == len(DATA["stages"])
    assert list(Principle.objects.values_list("slug", flat=True)) == [
        p["slug"] for p in DATA["principles"]
    ]
    slugs = {practice["slug"] for p in DATA["principles"] for practice in p["practices"]}
    assert set(Practice.objects.values_list("slug", flat=True)) == slugs


def test_loading_twice_changes_nothing_and_says_so():
    out = StringIO()
    call_command("load_blueprint", stdout=out)
    counts = Stage.objects.count() + Principle.objects.count() + Practice.objects.count()
    assert out.getvalue().splitlines()[0] == (
        f"Blueprint catalogue {DATA['version']}: 0 created, 0 updated, {counts} unchanged."
    )


def test_an_edited_data_file_updates_only_what_changed_and_reports_it(tmp_path):
    data = read_catalogue()
    practice = data["principles"][0]["practices"][0]
    practice["summary"] = "A new summary after the Blueprint was revised."
    data["version"] = "2027.1.0"
    edited = tmp_path / "blueprint.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    out = StringIO()
    call_command("load_blueprint", file=str(edited), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Blueprint catalogue 2027.1.0: 0 created, 1 updated,")
    assert lines[1] == f"  updated practice {practice['slug']} (summary)"
    assert Practice.objects.get(slug=practice["slug"]).summary == practice["summary"]


def test_a_practice_added_by_a_site_admin_survives_a_reload():
    principle = Principle.objects.get(number=3)
    added = Practice.objects.create(
        principle=principle,
        stage=Stage.objects.get(slug="plan"),
        slug="local-added-practice",
        title="A practice added in Django admin",
        summary="s",
        why="w",
        how_it_helps="h",
        questions="q1\nq2",
        implementation="i1\ni2",
        outcome_measures="",
    )
    report = load_blueprint()
    assert report.created == [] and report.updated == []
    assert Practice.objects.filter(pk=added.pk).exists()


def test_data_file_is_utf8_yaml_in_the_principles_app():
    assert DATA_FILE.name == "blueprint.yaml"
    assert DATA_FILE.read_text(encoding="utf-8").startswith("#")
