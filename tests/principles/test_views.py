"""The public catalogue pages, checked against the data file."""

import pytest
from django.urls import reverse

from principles.catalogue import read_catalogue
from principles.models import Practice, Stage

pytestmark = pytest.mark.django_db

DATA = read_catalogue()
PRACTICES = [
    (principle, practice) for principle in DATA["principles"] for practice in principle["practices"]
]


def test_principles_page_lists_the_five_principles_with_their_practices_signed_out(client):
    response = client.get("/principles/")
    assert response.status_code == 200
    page = response.content.decode()
    for principle in DATA["principles"]:
        assert principle["name"] in page
        assert principle["idea"][:60].replace("'", "&#x27;") in page
        for practice in principle["practices"]:
            assert practice["title"].replace("&", "&amp;") in page


@pytest.mark.parametrize("principle", DATA["principles"], ids=lambda p: p["slug"])
def test_each_principle_page_shows_its_idea_every_stage_and_its_practices(client, principle):
    response = client.get(reverse("principles:principle", args=[principle["slug"]]))
    assert response.status_code == 200
    page = response.content.decode()
    assert principle["name"] in page
    for stage in DATA["stages"]:
        assert f'id="stage-{stage["slug"]}"' in page
    staged = {practice["stage"] for practice in principle["practices"]}
    empty_stages = len(DATA["stages"]) - len(staged)
    assert page.count("The catalogue holds no sourced practice for this stage yet.") == empty_stages


@pytest.mark.parametrize(
    ("principle", "practice"), PRACTICES, ids=[p["slug"] for _, p in PRACTICES]
)
def test_each_practice_page_shows_all_its_parts(client, principle, practice):
    url = reverse("principles:practice", args=[principle["slug"], practice["slug"]])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    escape = lambda text: text.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;")  # noqa: E731
    for heading in (
        "Why do we need it?",
        "How does it help?",
        "Questions to ask",
        "What does it take to implement?",
        "Outcome measures",
    ):
        assert heading in page
    for text in [
        practice["title"],
        practice["summary"],
        practice["why"],
        practice["how_it_helps"],
        *practice["questions"],
        *practice["implementation"],
        *practice["outcome_measures"],
    ]:
        assert escape(text) in page
    if practice["statistic"]:
        assert escape(practice["statistic"]) in page
    if not practice["outcome_measures"]:
        assert "could not be read from the Blueprint" in page


def test_a_practice_under_the_wrong_principle_is_not_found(client):
    practice = Practice.objects.select_related("principle").first()
    other = DATA["principles"][-1]["slug"]
    assert practice.principle.slug != other
    assert client.get(f"/principles/{other}/{practice.slug}/").status_code == 404


def test_unknown_principle_is_not_found(client):
    assert client.get("/principles/no-such-principle/").status_code == 404


def test_grid_shows_every_principle_against_every_stage(client):
    response = client.get(reverse("plans:grid"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<th scope="row">') == 5
    for stage in Stage.objects.all():
        assert f"{stage.number}. {stage.name}</th>" in page
    for _, practice in PRACTICES:
        assert practice["title"].replace("&", "&amp;") in page
    assert page.count("Not yet in the catalogue") == 25 - len(PRACTICES)


def add_practices(count):
    stage = Stage.objects.get(slug="strengthen")
    for principle_number in range(1, 6):
        for i in range(count):
            Practice.objects.create(
                principle_id=Practice.objects.filter(principle__number=principle_number).values(
                    "principle_id"
                )[:1],
                stage=stage,
                slug=f"extra-{principle_number}-{i}",
                title=f"Extra {i}",
                summary="s",
                why="w",
                how_it_helps="h",
                questions="q",
                implementation="i",
            )


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/principles/", 2),
        ("/principles/grid/", 4),  # and the local practices of blueprints in force
        ("/principles/public-health-frame/", 3),
    ],
)
def test_catalogue_pages_use_the_same_number_of_queries_whatever_the_catalogue_size(
    client, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    add_practices(10)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
