"""Spanish: the choice of language is kept, on the browser and on the person's account; the
catalogue is complete; emails go out in each recipient's language; a Spanish plan's PDF is
Spanish; and the main pages read in Spanish, with no English sentence left over."""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from notifications import events
from plans.models import AuditEntry, ExportJob, Plan
from principles.models import Principle
from stakeholders.models import Disposition, Response
from tests.conftest import require
from tests.factories import UserFactory, example_county
from tests.publishing.factories import pdf_text, plan_in_review, read_pdf, sign_off, signed_plan
from tests.stakeholders.test_consultation import (
    example_people,
    plan_in_consultation,
    post_comment,
    signed_in,
    text,
)

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES"


def test_a_signed_in_persons_choice_is_saved_and_follows_them_to_another_browser():
    person = UserFactory()
    laptop = Client()
    laptop.force_login(person)
    laptop.post("/i18n/setlang/", {"language": "es", "next": "/dashboard/"})
    person.refresh_from_db()
    assert person.language == "es"

    phone = Client()  # no language cookie here
    phone.force_login(person)
    page = phone.get("/dashboard/").content.decode()
    assert '<html lang="es">' in page
    assert "Saltar al contenido principal" in page


def test_the_browser_choice_wins_over_the_saved_one_on_that_browser():
    person = UserFactory(language="es")
    client = Client()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_signed_out_visitors_choose_too():
    client = Client()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert '<html lang="es">' in client.get("/principles/").content.decode()


def test_the_catalogue_reads_in_the_current_language_with_english_where_untranslated():
    principle = Principle.objects.get(number=1)
    with translation.override("en"):
        assert principle.name == "Shifting to a Public Health Frame"
    with translation.override("es"):
        assert principle.name == (principle.name_es or "Shifting to a Public Health Frame")


# --- the Spanish catalogue ------------------------------------------------------------------


@dataclass
class Entry:
    msgctxt: str = ""
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict = field(default_factory=dict)  # plural index (0 without plural) -> text
    flags: set = field(default_factory=set)
    obsolete: bool = False

    @property
    def translations(self):
        return [self.msgstr[index] for index in sorted(self.msgstr)]


def read_po(path):
    """The entries of a .po file (a small reader: polib is not a dependency here)."""
    entries, entry, key = [], Entry(), None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if key is not None:
                entries.append(entry)
            entry, key = Entry(), None
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        elif line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            key, _space, quoted = line.partition(" ")
            value = ast.literal_eval(quoted)
        if key.startswith("msgstr"):
            index = int(key[7:-1]) if key.startswith("msgstr[") else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        elif key in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, key, getattr(entry, key) + value)
    return entries


@cache
def spanish_entries():
    """The catalogue's live entries, without its header."""
    return [e for e in read_po(CATALOGUE / "django.po") if e.msgid and not e.obsolete]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
TAG = re.compile(r"<[^>]+>")


def test_every_entry_of_the_spanish_catalogue_is_translated_and_not_fuzzy():
    entries = spanish_entries()
    assert len(entries) > 700  # the whole interface, not a sample
    untranslated = [e.msgid for e in entries if not all(e.translations)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    plural_forms = [e.msgid for e in entries if e.msgid_plural and sorted(e.msgstr) != [0, 1]]
    assert untranslated == []
    assert fuzzy == []
    assert plural_forms == []


def entry_keys(entries):
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in entries if e.msgid and not e.obsolete}


def test_the_catalogue_holds_every_string_of_the_code_and_no_other(tmp_path):
    """Extract the strings of the code and templates afresh (makemessages, into a copy of
    the project in a temporary folder) and compare them with the committed catalogue: a
    string added to the code without running makemessages would reach a Spanish reader in
    English, which the checks above cannot see."""
    require(shutil.which("xgettext") and shutil.which("msgmerge"),
            "needs GNU gettext (apt-get install gettext)")
    for name in ("manage.py", "shared_safety", "principles", "stakeholders", "plans",
                 "notifications", "progress", "opendata", "api", "templates", "locale"):
        source = settings.BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--ignore=.venv",
         "--ignore=tests", "--no-obsolete"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "shared_safety.settings"})
    assert result.returncode == 0, result.stderr

    extracted = entry_keys(read_po(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    committed = entry_keys(spanish_entries())
    assert sorted(extracted - committed, key=str) == [], (
        "strings of the code missing from the catalogue: run makemessages and translate them")
    assert sorted(committed - extracted, key=str) == [], (
        "catalogue entries no code uses any more: run makemessages")


def test_translations_keep_every_placeholder_and_html_tag_of_the_english():
    broken = []
    for e in spanish_entries():
        english = [e.msgid, e.msgid_plural or e.msgid]
        for index, spanish in enumerate(e.translations):
            source = english[min(index, 1)]
            if set(PLACEHOLDER.findall(spanish)) != set(PLACEHOLDER.findall(source)):
                broken.append((e.msgid, spanish))
            if sorted(TAG.findall(spanish)) != sorted(TAG.findall(source)):
                broken.append((e.msgid, spanish))
    assert broken == []


def test_the_compiled_catalogue_holds_what_the_po_file_says():
    """What the site reads is the .mo: it must be compiled from the current .po."""
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in spanish_entries():
        if e.msgid_plural:
            got = [compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n) if e.msgctxt
                   else compiled.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
        else:
            got = [compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt
                   else compiled.gettext(e.msgid)]
        if got != e.translations:
            stale.append(e.msgid)
    assert stale == []


@cache
def english_sentences():
    """English text of the catalogue that a Spanish reader must never meet: every message
    of two words or more whose Spanish differs, and of a message with placeholders each
    literal part of three words or more (shorter ones, like "Measure of", also occur in
    what people write). Messages holding markup are left out."""
    found = set()
    for e in spanish_entries():
        if "<" in e.msgid or e.translations[0] == e.msgid:
            continue
        for source in filter(None, (e.msgid, e.msgid_plural)):
            parts = PLACEHOLDER.split(source)
            shortest = 2 if len(parts) == 1 else 3
            for part in parts:
                part = part.strip(" .,:;“”\"()—·")
                if len(part.split()) >= shortest:
                    found.add(part)
    return found


def english_left_in(page_text):
    squeezed = "".join(page_text.split())
    return sorted(s for s in english_sentences() if "".join(s.split()) in squeezed)


# --- emails ---------------------------------------------------------------------------------


def test_a_consultation_email_reaches_each_partner_in_their_own_language():
    people = example_people()
    people.partner.language = "es"
    people.partner.save(update_fields=["language"])
    plan = plan_in_consultation(people)
    opening = AuditEntry.objects.get(plan=plan, action="open_consultation")

    assert len(events.consultation_opened(opening.pk)) == 4  # everyone but the editor

    emails = {email.to[0]: email for email in mail.outbox}
    spanish, english = emails[people.partner.email], emails[people.neighbour.email]
    with translation.override("es"):
        opens = date_format(plan.consultation_opens, "DATE_FORMAT")
        closes = date_format(plan.consultation_closes, "DATE_FORMAT")
    assert spanish.subject == "Le invitamos a comentar: Example County Safety Plan"
    assert (
        'Example County abrió su borrador de plan "Example County Safety Plan" para recibir '
        f"comentarios del {opens} al {closes}."
    ) in spanish.body
    assert "Lea el borrador y comente sobre todo el plan" in spanish.body
    assert "Puede desactivar estos correos electrónicos en su perfil." in spanish.body
    assert english_left_in(spanish.subject + " " + spanish.body) == []

    assert english.subject == "Your comments are invited: Example County Safety Plan"
    assert 'Example County has opened its draft plan "Example County Safety Plan"' in english.body
    assert "You can turn these emails off on your profile." in english.body
    assert "Le invitamos" not in english.subject and "Puede desactivar" not in english.body


def test_the_response_email_gives_the_disposition_and_reason_in_the_authors_language():
    people = example_people()
    people.partner.language = "es"
    people.partner.save(update_fields=["language"])
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Publiquen mapas por calle.")
    Response.objects.create(comment=comment, disposition=Disposition.NOT_ADOPTED,
                            text="Publicamos datos por distrito.",
                            reason="Los mapas identifican a las víctimas.",
                            responded_by=people.editor)

    with translation.override("en"):  # the editor's request was in English
        assert len(events.comment_answered(comment.pk)) == 1

    [email] = mail.outbox
    assert email.subject == (
        "Su comentario sobre Example County Safety Plan tiene una respuesta oficial")
    assert "Su comentario tiene una respuesta oficial. Decisión: No adoptado." in email.body
    assert "Motivo: Los mapas identifican a las víctimas." in email.body
    assert "Véala en contexto:" in email.body
    assert english_left_in(email.subject + " " + email.body) == []
    assert "Not adopted" not in email.body


# --- the PDF of a Spanish plan --------------------------------------------------------------


@pytest.fixture
def spanish_blueprint(django_capture_on_commit_callbacks):
    """A signed plan written in Spanish, with comments, responses and a listening session,
    signed off by people whose requests are in English; its PDF rendered for real."""
    story = plan_in_review(example_county(), title="Plan de Seguridad del Condado",
                           principles=(1, 4), with_input=True)
    Plan.objects.filter(pk=story.plan.pk).update(language="es")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        sign_off(story)
    job = ExportJob.objects.get(plan=story.plan)
    assert job.state == ExportJob.State.DONE, job.error
    with default_storage.open(job.file.name, "rb") as handle:
        story.reader = read_pdf(handle.read())
    story.pages = [" ".join(page.extract_text().split()) for page in story.reader.pages]
    return story


def squeezed(text):
    """Text without whitespace: pypdf splits some kerned pairs."""
    return "".join(text.split())


def test_a_spanish_plans_pdf_is_written_in_spanish(spanish_blueprint):
    pages = spanish_blueprint.pages
    whole = squeezed(" ".join(pages))
    cover, contents, signoff = pages[0], pages[1], pages[-1]
    assert squeezed("PLAN RECTOR PARA LA SEGURIDAD COMPARTIDA") in squeezed(cover)
    assert squeezed("2027–2030 · versión 1") in squeezed(cover)
    assert contents.startswith("Contenido")
    for heading in ("Visión y prioridades", "Cobertura y equilibrio de inversión",
                    "Lo que escuchamos, lo que hicimos", "Aprobación"):
        assert re.search(rf"{re.escape(heading)} \.+ \d+", contents), heading
    with translation.override("es"):
        for principle in Principle.objects.all():
            assert squeezed(f"{principle.number}. {principle.name}") in whole
        gap = Principle.objects.get(number=2).name
    assert squeezed(f"Vacío: este plan no tiene ningún compromiso en “{gap}”.") in whole

    heard = " ".join(pages).split("Lo que escuchamos, lo que hicimos")[-1]
    assert squeezed("2 comentarios y 1 sesión de escucha.") in squeezed(heard)
    assert squeezed("Adoptado. We added mentoring to the first commitment.") in squeezed(heard)
    assert squeezed("No adoptado. We link to the state budget instead. Motivo:") in squeezed(heard)
    assert squeezed("Sesiones de escucha y reuniones") in squeezed(heard)
    assert squeezed("42 asistentes") in squeezed(heard)

    assert signoff.startswith("Aprobación")
    assert squeezed("Este plan fue aprobado en conjunto para Example County por:") in squeezed(
        signoff)
    digest = spanish_blueprint.plan.snapshot.digest
    assert squeezed(f"Código de verificación SHA-256 del contenido firmado: {digest}") in (
        squeezed(signoff))
    assert squeezed("Página") in squeezed(pages[2])

    assert english_left_in(" ".join(pages)) == []
    for english in ("What we heard", "Sign-off", "signed off jointly", "Adopted", "Contents",
                    "Gap: this plan", "listening session"):
        assert squeezed(english) not in whole, english


def test_a_spanish_plans_pdf_is_tagged_in_spanish(spanish_blueprint):
    reader = spanish_blueprint.reader
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert reader.metadata.title == "Plan de Seguridad del Condado — Example County"
    assert reader.metadata.subject.startswith("Plan rector firmado; código SHA-256")
    assert "Lo que escuchamos" in pdf_text(reader)


# --- the main pages in Spanish --------------------------------------------------------------


def reader_in(language, user=None):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def page_text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode(), text(response)


@pytest.fixture
def pages():
    """Example County's partner and a plan in consultation with an answered comment, a
    signed blueprint on the portal; each main page with English it shows and the Spanish
    that replaces it."""
    people = example_people()
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Abran el centro por la noche.")
    Response.objects.create(comment=comment, disposition=Disposition.ADOPTED,
                            text="Lo agregamos al plan.", responded_by=people.editor)
    signed_plan(people.county, title="Example County Blueprint")
    closes = {}
    for language in ("en", "es"):
        with translation.override(language):
            closes[language] = date_format(plan.consultation_closes)
    with translation.override("es"):
        principle = Principle.objects.get(number=1)
        principle_es = f"Principio 1: {principle.name}", principle.idea
    return {
        "dashboard": (
            people.partner, reverse("dashboard"),
            ["Your dashboard", "Your jurisdictions", "Your roles: Partner", "County, CA"],
            ["Su panel", "Sus jurisdicciones", "Sus roles: Aliado comunitario", "Condado, CA"],
        ),
        "plan": (
            people.editor, plan.get_absolute_url(),
            ["Commitments by principle", "What we invest in grows", "In consultation",
             "Consultation from", "Close consultation", "Gap: no commitment", "Lead agency",
             "No outcome measure yet.", "Priority populations and places",
             "Investment balance", "History of changes", "Comment on this"],
            ["Compromisos por principio", "Lo que invertimos crece", "En consulta pública",
             "Consulta pública del", "Cerrar la consulta pública", "Vacío: ningún compromiso",
             "Agencia responsable", "Todavía no hay indicadores de resultado.",
             "Poblaciones y lugares prioritarios", "Equilibrio de inversión",
             "Historial de cambios", "Comentar esto"],
        ),
        "consultation": (
            people.partner, reverse("stakeholders:consultation", args=[plan.pk]),
            ["Comments on Example County Safety Plan",
             f"Consultation is open until {closes['en']}: comments are welcome.",
             "Add your comment", "Plain text. You may use", "The whole plan", "Official answer",
             "Adopted", "No comment here yet.", "Find comments", "Words in the text",
             "Conversation"],
            ["Comentarios sobre Example County Safety Plan",
             f"La consulta pública está abierta hasta el {closes['es']}: "
             "sus comentarios son bienvenidos.",
             "Agregue su comentario", "Texto simple. Puede usar", "Todo el plan",
             "Respuesta oficial", "Adoptado", "Todavía no hay comentarios aquí.",
             "Buscar comentarios", "Palabras del texto", "Conversación"],
        ),
        "principle": (
            None, principle.get_absolute_url(),
            ["Principle 1: Shifting to a Public Health Frame",
             "The catalogue holds no sourced practice for this stage yet."],
            [*principle_es, "El catálogo aún no tiene una práctica con fuente para esta etapa."],
        ),
        "portal": (
            None, reverse("plans:portal"),
            ["Published blueprints", "Which practices are most adopted?",
             "Check a blueprint PDF", "version 1, 2027–2030"],
            ["Planes rectores publicados", "¿Qué prácticas se adoptan más?",
             "Comprobar un plan rector en PDF", "versión 1, 2027–2030"],
        ),
    }


@pytest.mark.parametrize("name", ["dashboard", "plan", "consultation", "principle", "portal"])
def test_a_main_page_in_spanish_leaves_no_english_sentence(pages, name):
    user, path, english, spanish = pages[name]

    html, seen = page_text(reader_in("en", user), path)
    assert '<html lang="en">' in html
    for sentence in english:
        assert sentence in seen, sentence

    html, seen = page_text(reader_in("es", user), path)
    assert '<html lang="es">' in html
    for sentence in english:
        assert sentence not in seen, sentence
    for sentence in spanish:
        assert sentence in seen, sentence
    assert english_left_in(seen) == []


def test_a_spanish_readers_own_language_is_used_without_a_cookie():
    people = example_people()
    people.editor.language = "es"
    people.editor.save(update_fields=["language"])
    plan = plan_in_consultation(people)

    seen = text(signed_in(people.editor).get(plan.get_absolute_url()))

    assert "Cerrar la consulta pública" in seen and "Close consultation" not in seen
    assert english_left_in(seen) == []


def test_the_compare_page_and_the_audit_log_name_fields_and_states_in_spanish():
    from plans import workflow
    from plans.models import Commitment
    from tests.plans.factories import CommitmentFactory, county_people, new_plan, signed_off

    people = county_people()
    plan = new_plan(people)
    CommitmentFactory(plan=plan, local_action="Old words.", progress="planned")
    v2 = workflow.amend(signed_off(plan, people), by=people.editor)
    changed = Commitment.objects.get(plan=v2)
    changed.local_action, changed.progress = "New words.", "underway"
    changed.save_unless_changed(changed.lock_version)
    client = Client()
    client.force_login(people.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    diff = " ".join(client.get(reverse("plans:compare", args=[v2.pk])).content.decode().split())
    audit = client.get(reverse("plans:audit_log", args=[people.county.slug])).content.decode()

    assert "Acción local" in diff and "En marcha" in diff and "underway" not in diff
    assert "Borrador → En consulta pública" in audit and "draft → consultation" not in audit
