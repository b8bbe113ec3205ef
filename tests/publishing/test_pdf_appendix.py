"""The signed blueprint's "What we heard, what we did", read back from the PDF with pypdf:
comments printed from the same sanitized Markdown as the pages, grouped under their
principles' names, with their authors, replies under their comment, and only comments
counted as awaiting a response; in English and in Spanish; and a snapshot signed in the
older flat shape still prints."""

import hashlib
from contextlib import contextmanager

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import translation

from plans import export
from plans.content import plan_content
from plans.models import ExportJob, Plan, Snapshot
from principles.models import Principle
from stakeholders.models import Comment, Disposition, Response, Role
from tests.factories import JurisdictionFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.publishing.factories import plan_in_review, read_pdf, sign_off

pytestmark = pytest.mark.django_db

MARKDOWN = "We need **reentry** support:\n\n- jobs after release\n- stable housing"
SCRIPT = "<script>alert(1)</script>Fund youth jobs."


def squeezed(text):
    """Text without whitespace: pypdf splits some kerned pairs ("T ess")."""
    return "".join(text.split())


def appendix_text(data):
    """The appendix's text, whitespace collapsed: from its chapter heading (the last time
    the title appears, after the contents) to the sign-off."""
    text = " ".join(" ".join(page.extract_text() for page in read_pdf(data).pages).split())
    heading = "Lo que escuchamos, lo que hicimos" if "Lo que escuchamos" in text else (
        "What we heard, what we did")
    return text.split(heading)[-1].split(" Sign-off ")[0].split(" Aprobación ")[0].strip()


def consultation(jurisdiction, title, language):
    """A plan in review with a Markdown comment answered and replied to, a comment with a
    script tag on a commitment, a comment on the whole plan with a partner's reply, and a
    hidden comment with a reply."""
    story = plan_in_review(jurisdiction, title=title, principles=(1, 4))
    Plan.objects.filter(pk=story.plan.pk).update(language=language)
    plan, editor = story.plan, story.editor
    alliance = OrganizationFactory(jurisdiction=jurisdiction, name="Eastside Youth Alliance")
    pat = UserFactory(first_name="Pat", last_name="Partner")
    MembershipFactory(user=pat, jurisdiction=jurisdiction, role=Role.PARTNER,
                      organization=alliance)

    def say(author, body, **about):
        return Comment.objects.create(plan=plan, author=author, body=body, **about)

    reentry = say(pat, MARKDOWN, principle=Principle.objects.get(number=1))
    Response.objects.create(comment=reentry, disposition=Disposition.ADOPTED,
                            text="We added a reentry commitment.", responded_by=editor)
    say(editor, "Thanks, Pat: see the *new* [commitment](commitments/).", parent=reentry)
    say(pat, SCRIPT, commitment=story.commitments[1])
    budget = say(editor, "Publish the budget yearly.")
    say(pat, "Please do, every spring.", parent=budget)
    hidden = say(pat, "Something off topic.")
    say(editor, "An answer to what was hidden.", parent=hidden)
    hidden.hide(by=editor, reason="Off topic.")
    return story


@contextmanager
def kept_for_the_module(django_db_blocker, media):
    """Data made inside lasts for the module and is rolled back after it (as ``rendered``
    in conftest.py)."""
    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media),
          transaction.atomic()):
        yield
        transaction.set_rollback(True)


def signed_and_rendered(story):
    with translation.override("en"), TestCase.captureOnCommitCallbacks(execute=True):
        sign_off(story)
    story.job = ExportJob.objects.get(plan=story.plan)
    assert story.job.state == ExportJob.State.DONE, story.job.error
    with default_storage.open(story.job.file.name, "rb") as handle:
        story.pdf = handle.read()
    story.heard = appendix_text(story.pdf)
    return story


@pytest.fixture(scope="module")
def english(django_db_setup, django_db_blocker, tmp_path_factory):
    with kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("english")):
        county = JurisdictionFactory(name="Example County", slug="example-county")
        yield signed_and_rendered(consultation(county, "Example County Safety Plan", "en"))


@pytest.fixture(scope="module")
def spanish(django_db_setup, django_db_blocker, tmp_path_factory):
    with kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("spanish")):
        county = JurisdictionFactory(name="Condado Ejemplo", slug="condado-ejemplo")
        yield signed_and_rendered(consultation(county, "Plan del Condado", "es"))


def test_comments_print_their_markdown_rendered_not_as_asterisks_and_dashes(english):
    heard = english.heard
    assert "We need reentry support:" in heard
    assert "jobs after release" in heard and "stable housing" in heard
    assert "*" not in heard
    assert "- jobs" not in heard and "- stable" not in heard
    assert "see the new commitment." in heard


def test_a_script_tag_the_pages_strip_is_not_printed_either(english):
    assert "Fund youth jobs." in english.heard
    assert "alert" not in english.heard and "script" not in english.heard.lower()


def test_a_relative_link_in_a_comment_does_not_point_into_the_servers_files(english):
    uris = [annotation.get_object().get("/A", {}).get("/URI")
            for page in read_pdf(english.pdf).pages for annotation in page.get("/Annots", [])]
    assert "commitments/" in uris
    assert not [uri for uri in uris if uri and uri.startswith("file:")]


def test_comments_sit_under_their_principles_names_with_authors_and_organizations(english):
    heard = english.heard
    first, fourth = (Principle.objects.get(number=n) for n in (1, 4))
    whole, one, four = (heard.index(heading) for heading in (
        "The whole plan", f"1. {first.name}", f"4. {fourth.name}"))
    assert whole < heard.index("Publish the budget yearly.") < one
    assert one < heard.index("We need reentry support:") < heard.index("2. ")
    assert four < heard.index("Fund youth jobs.")
    assert "Principle 1" not in heard and "Principle 4" not in heard
    assert squeezed("— Pat Partner, Eastside Youth Alliance") in squeezed(heard)
    assert squeezed("— Eli Editor Awaiting an official answer.") in squeezed(heard)
    commitment = english.commitments[1].name
    assert squeezed(f"Pat Partner, Eastside Youth Alliance · on “{commitment}”") in squeezed(heard)


def test_a_reply_sits_under_its_comment_and_never_awaits_a_response(english):
    heard = squeezed(english.heard)
    assert squeezed(
        "Adopted. We added a reentry commitment. Reply from Eli Editor "
        "Thanks, Pat: see the new commitment.") in heard
    assert squeezed(
        "Publish the budget yearly. — Eli Editor Awaiting an official answer. "
        "Reply from Pat Partner, Eastside Youth Alliance Please do, every spring.") in heard
    assert squeezed("Please do, every spring. Awaiting") not in heard
    assert "An answer to what was hidden." not in english.heard
    assert "Something off topic." not in english.heard


def test_only_comments_in_sight_without_an_answer_count_as_awaiting(english):
    heard = english.heard
    # three comments and two replies in sight; a hidden comment takes its reply with it
    assert heard.startswith("5 comments and 0 listening sessions. "
                            "1 comment was hidden by a moderator.")
    assert ("Adopted 1 Partly adopted 0 Not adopted 0 Noted 0 Awaiting an official answer 2"
            in heard)
    assert heard.count("Awaiting an official answer.") == 2


def test_the_appendix_of_a_spanish_plan_is_in_spanish(spanish):
    heard = squeezed(spanish.heard)
    with translation.override("es"):
        first, fourth = (Principle.objects.get(number=n).name for n in (1, 4))
        commitment = spanish.commitments[1].name
    for text in (
        "5 comentarios y 0 sesiones de escucha.",
        "Comentarios por decisión",
        "Adoptado 1", "En espera de la respuesta oficial 2",
        f"Todo el plan Publish the budget yearly. — Eli Editor En espera de la respuesta oficial. "
        f"Respuesta de Pat Partner, Eastside Youth Alliance Please do, every spring. 1. {first}",
        "Adoptado. We added a reentry commitment. Respuesta de Eli Editor",
        f"4. {fourth}",
        f"— Pat Partner, Eastside Youth Alliance · sobre “{commitment}”",
        "Sin comentarios.",
    ):
        assert squeezed(text) in heard, text
    for english_words in ("Reply from", "Awaiting", "The whole plan", "No comment", "Adopted"):
        assert squeezed(english_words) not in heard, english_words


# --- a snapshot signed before replies were nested ------------------------------------------


OLD_HEARD = {
    "comments": [
        {"principle": 4, "commitment": "", "reply": False, "body": MARKDOWN,
         "disposition": "", "disposition_label": "", "response": "", "reason": ""},
        {"principle": None, "commitment": "", "reply": True, "body": SCRIPT,
         "disposition": "", "disposition_label": "", "response": "", "reason": ""},
        {"principle": 1, "commitment": "", "reply": False, "body": "Publish the budget.",
         "disposition": "noted", "disposition_label": "Noted", "response": "Read.",
         "reason": ""},
    ],
    "hidden": 0,
    "sessions": [],
}


def test_a_snapshot_signed_in_the_older_flat_shape_still_prints_sensibly():
    county = JurisdictionFactory(name="Old County", slug="old-county")
    plan = plan_in_review(county, title="Old County Safety Plan", principles=(1,)).plan
    snapshot = Snapshot.freeze(plan, {**plan_content(plan), "heard": OLD_HEARD,
                                      "signatures": []})
    key = f"blueprint-{snapshot.digest}"
    job = ExportJob.objects.create(key=key, plan=plan, snapshot=snapshot,
                                   kind=ExportJob.Kind.BLUEPRINT)

    job = export.run_export(job.pk)

    assert job.state == ExportJob.State.DONE, job.error
    with default_storage.open(job.file.name, "rb") as handle:
        heard = appendix_text(handle.read())
    fourth = Principle.objects.get(number=4).name
    assert heard.index(f"4. {fourth}") < heard.index("We need reentry support:")
    assert "*" not in heard and "- jobs" not in heard
    assert "alert" not in heard and "script" not in heard.lower()
    assert "A reply to a comment Fund youth jobs." in heard
    assert "Fund youth jobs. Awaiting" not in heard
    assert "Noted. Read." in heard
    assert heard.count("Awaiting an official answer.") == 1
    assert "Awaiting an official answer 1" in heard and "Principle 4" not in heard
    assert hashlib.sha256(job.file.open("rb").read()).hexdigest() == job.sha256
