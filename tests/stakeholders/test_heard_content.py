"""What a signed snapshot keeps of what was heard (stakeholders.heard.heard_content), and how
the PDF's appendix reads it back (stakeholders.heard.appendix): in today's shape, replies
nested and authors named, and in the flat shape of snapshots signed before that."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from stakeholders.heard import appendix, heard_content
from stakeholders.models import Comment, Disposition, Role
from tests.factories import member
from tests.stakeholders.test_consultation import example_people, plan_in_consultation, principle
from tests.stakeholders.test_heard import comment
from tests.stakeholders.test_input_queries import grow

PRINCIPLES = [
    SimpleNamespace(number=1, name="Shifting to a Public Health Frame"),
    SimpleNamespace(number=4, name="Breaking the Cycle of Harm"),
]


@pytest.fixture
def people():
    return example_people()


def said(**fields):
    return {"organization": "", "disposition": "", "disposition_label": "", "response": "",
            "reason": "", "awaiting": False, **fields}


@pytest.mark.django_db
def test_heard_content_keeps_comments_as_written_with_their_authors_and_replies_nested(people):
    plan = plan_in_consultation(people)
    asked = comment(people, plan, "We need **reentry** support.", respond=Disposition.ADOPTED,
                    principle=principle(1))
    comment(people, plan, "Thanks, see the new commitment.", parent=asked, author=people.editor)
    hidden = comment(people, plan, "Off topic.", author=people.neighbour)
    comment(people, plan, "A reply to what was hidden.", parent=hidden)
    hidden.hide(by=people.admin, reason="Off topic.")
    comment(people, plan, "<script>alert(1)</script>Fund jobs.", author=people.neighbour)

    heard = heard_content(plan)

    assert heard["hidden"] == 1
    assert heard["comments"] == [
        {
            **said(author="Pat Partner", organization="Example Youth Alliance",
                   body="We need **reentry** support.", disposition="adopted",
                   disposition_label="Adopted", response="On We need **reentry** support."),
            "principle": 1,
            "commitment": "",
            "replies": [said(author="Eli Editor", body="Thanks, see the new commitment.")],
        },
        {
            # kept as written: the appendix sanitizes when it prints, as the pages do
            **said(author="Nora Neighbour", organization="Eastside Faith Network",
                   body="<script>alert(1)</script>Fund jobs.", awaiting=True),
            "principle": None,
            "commitment": "",
            "replies": [],
        },
    ]


@pytest.mark.django_db
def test_heard_content_costs_the_same_for_5_and_50_comments(people, django_assert_num_queries):
    plan = plan_in_consultation(people)
    grow(people, plan, 5, start=0)
    with CaptureQueriesContext(connection) as queries:
        heard_content(plan)
    assert len(queries) == 6

    grow(people, plan, 45, start=5)

    with django_assert_num_queries(len(queries)):
        heard = heard_content(plan)
    assert len(heard["comments"]) == 40  # every fifth comment is hidden, with its reply
    assert all(len(c["replies"]) == 1 for c in heard["comments"])
    assert heard["hidden"] == 10


def test_the_appendix_groups_comments_by_principle_and_counts_only_comments_as_awaiting():
    heard = {
        "comments": [
            {**said(author="Pat Partner", body="One", awaiting=True), "principle": 4,
             "commitment": "", "replies": [said(author="Eli Editor", body="Two")]},
            {**said(author="Eli Editor", body="Three", disposition="noted",
                    disposition_label="Noted", response="Read."),
             "principle": None, "commitment": "", "replies": []},
        ],
        "hidden": 2,
        "sessions": [],
    }

    with translation.override("en"):  # as the PDF reads it, in the plan's language
        read = appendix(heard, PRINCIPLES)
        counts = dict(read.disposition_counts)

    assert [(p.name if p else None, [c.body for c in comments])
            for p, comments in read.groups] == [
        (None, ["Three"]), ("Shifting to a Public Health Frame", []),
        ("Breaking the Cycle of Harm", ["One"]),
    ]
    [one] = read.groups[2][1]
    assert [(r.author, r.body, r.awaiting) for r in one.replies] == [("Eli Editor", "Two", False)]
    assert read.comment_count == 3 and read.hidden == 2
    assert counts == {
        "Adopted": 0, "Partly adopted": 0, "Not adopted": 0, "Noted": 1,
        "Awaiting an official answer": 1,
    }


def test_the_appendix_reads_a_flat_snapshot_from_before_replies_were_nested():
    old = {"principle": 4, "commitment": "Violence interruption", "reply": False,
           "body": "We need **reentry** support.", "disposition": "", "disposition_label": "",
           "response": "", "reason": ""}
    heard = {"comments": [old, {**old, "principle": None, "commitment": "", "reply": True,
                                "body": "Agreed."}],
             "hidden": 0, "sessions": []}

    with translation.override("en"):
        read = appendix(heard, PRINCIPLES)
        counts = dict(read.disposition_counts)

    whole_plan, _first, fourth = read.groups
    [reply] = whole_plan[1]
    assert reply.loose_reply and not reply.awaiting and reply.author == ""
    [comment_] = fourth[1]
    assert fourth[0].name == "Breaking the Cycle of Harm"
    assert comment_.awaiting and not comment_.loose_reply and comment_.replies == []
    assert comment_.commitment == "Violence interruption"
    assert counts["Awaiting an official answer"] == 1
    assert read.comment_count == 2


@pytest.mark.django_db
def test_the_public_record_never_names_a_person_by_their_user_name():
    people = example_people()
    plan = plan_in_consultation(people)
    nameless = member(people.county, Role.EDITOR, username="jo.bloggs.1977", first_name="",
                      last_name="")
    Comment.objects.create(plan=plan, author=nameless, body="Fund the clinic.")

    [said] = heard_content(plan)["comments"]

    assert said["author"] == "A participant"
    assert "jo.bloggs" not in str(heard_content(plan))
