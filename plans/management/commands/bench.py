"""`make bench`: measure the main pages, the PDF export and the plan page under load.

Issue 7 ("Speed"): builds a large plan and one a tenth of its size in a database of its own
(created here and dropped at the end), then prints, each a median of repeated runs:
- per main page and size: queries, server time (Django test client, DEBUG off) and its ratio
  to the floor, a bare view rendering a template of the same byte size, asked for by the same
  client (signed in or not) so that it pays what every such request pays here and nothing
  more: for a signed-in person, the session and the user (the language middleware reads
  them); beside it, the ratio to the same view asked for anonymously, with no query at all;
- PDF export of the large blueprint beside WeasyPrint alone on the same HTML;
- requests per second with concurrent clients against gunicorn (2 workers) for the plan page
  and the floor.
Issue 17 ("Run on more than one machine") adds:
- the plan page under load on one instance and on two instances keeping their pages in one
  Redis (a redis-server started here), beside one instance keeping them in each worker;
- a state-sized installation: the demo in a database of its own, its main lists measured,
  then grown to 500 jurisdictions, 2,000 plans, 200,000 comments and 20,000 measured values
  (plans/benchmark_state.py) and measured again: the same queries, at most twice the time.
The report is also written to bench-results.txt. Run it through `make bench`, which sets the
environment (PostgreSQL, DEBUG off, collected static files).
"""

import logging
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from psycopg import sql

BENCH_URLCONF = "shared_safety.bench_urls"
RESULTS = Path(settings.BASE_DIR) / "bench-results.txt"
MODEL_BACKEND = "stakeholders.backends.PasswordBackend"

PARTS = ["pages", "pdf", "load", "state"]
QUERY_LIMIT = 20
FLOOR_RATIO = 2.0
EXPORT_RATIO = 1.15


class Report:
    """Lines printed as they come and kept for bench-results.txt."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.lines = []

    def __call__(self, line=""):
        self.lines.append(line)
        self.stdout.write(line)
        self.stdout.flush()

    def text(self):
        return "\n".join(self.lines) + "\n"


def median_ms(seconds):
    return statistics.median(seconds) * 1000


# --- the database of the benchmark -------------------------------------------------------


def admin_connection():
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres", user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432, autocommit=True)


def recreate_database(name):
    with admin_connection() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name):
    connections.close_all()
    with admin_connection() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


# --- the plans ---------------------------------------------------------------------------


@dataclass
class Size:
    label: str
    editor: object
    signed: object  # v1, signed off, with its snapshot and comments
    draft: object  # v2, amending v1 with some changes


@contextmanager
def tasks_queued_not_run():
    """Signing off queues the blueprint export after commit: send it (and the notices) to the
    in-memory broker, which nobody consumes, rather than running it in-process; the PDF
    section runs the export itself."""
    from shared_safety.celery import app as celery_app

    eager = celery_app.conf.task_always_eager
    kombu = logging.getLogger("kombu.connection")  # "No hostname was supplied" for memory://
    level = kombu.level
    celery_app.conf.task_always_eager = False
    kombu.setLevel(logging.ERROR)
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = eager
        kombu.setLevel(level)


def build(label, slug, *, commitments, comments, sessions):
    from plans.benchmark import amend_with_changes, bench_jurisdiction, build_large_plan, sign_off

    jurisdiction, editor, signatories = bench_jurisdiction(f"{label} County", slug)
    plan = build_large_plan(jurisdiction, editor, commitments=commitments, measures_per=3,
                            comments=comments, sessions=sessions,
                            title=f"{label} plan of {commitments} commitments")
    with tasks_queued_not_run():
        signed = sign_off(plan, editor, signatories)
    for config in apps.get_app_configs():  # the record of implementation (progress), say
        bench_data = getattr(config, "bench_data", None)
        if bench_data is not None:
            bench_data(signed, editor)
    return Size(label, editor, signed, amend_with_changes(signed, editor))


# --- pages through the test client ------------------------------------------------------


@dataclass
class Measured:
    size: int
    queries: int
    ms: float
    cpu_ms: float
    floor_size: int
    floor_queries: list  # the SQL of the floor's queries
    floor_ms: float
    floor_cpu_ms: float
    anonymous_floor_ms: float
    changed_ms: float  # the first view after its plan changed: rendered again, not kept

    @property
    def changed_ratio(self):
        return self.changed_ms / self.floor_ms if self.floor_ms else float("inf")

    @property
    def ratio(self):
        return self.ms / self.floor_ms if self.floor_ms else float("inf")

    @property
    def anonymous_ratio(self):
        return self.ms / self.anonymous_floor_ms if self.anonymous_floor_ms else float("inf")

    @property
    def cpu_ratio(self):
        return self.cpu_ms / self.floor_cpu_ms if self.floor_cpu_ms else float("inf")


def run_queries(client, url):
    """(response, the SQL of its queries) of one GET, which must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        sql = [q["sql"] for q in queries.captured_queries]  # before the next request
    if response.status_code != 200:
        raise CommandError(f"GET {url} answered {response.status_code}")
    return response, sql


def count_queries(client, url):
    """(response, number of queries) of one GET, which must answer 200."""
    response, sql = run_queries(client, url)
    return response, len(sql)


# What any request of a signed-in person costs here, whatever the view: the session and the
# user, read by the middleware. The floor may make these queries and no other.
REQUEST_TABLES = ('"django_session"', '"stakeholders_user"')


def floor_is_bare(measured):
    return all(any(table in sql for table in REQUEST_TABLES) for sql in measured.floor_queries)


def timed(client, url):
    """(wall seconds, CPU seconds of this process) of one GET."""
    start, cpu = time.perf_counter(), time.process_time()
    client.get(url)
    return time.perf_counter() - start, time.process_time() - cpu


def measure(client, url, anonymous, runs, plan_pk):
    """The page, the floor of its size asked for by the same client, and the floor asked for
    anonymously, timed in alternation so that all meet the same load of the machine; each
    after a warm-up request (templates compiled, caches filled). Then the page's first view
    after each of ``runs`` changes to its plan, which render its content and the page again."""
    from plans.fragments import touch_plan
    from plans.models import Plan

    count_queries(client, url)
    response, queries = count_queries(client, url)
    size = len(response.content)
    floor = floor_url(size)
    run_queries(client, floor)
    floor_response, floor_queries = run_queries(client, floor)
    page, bare, bare_anonymous = [], [], []
    for _ in range(runs):
        page.append(timed(client, url))
        bare.append(timed(client, floor))
        bare_anonymous.append(timed(anonymous, floor))
    changed = []
    for _ in range(runs):
        touch_plan(Plan.objects.filter(pk=plan_pk))
        changed.append(timed(client, url))
    return Measured(size, queries, median_ms([w for w, _c in page]),
                    median_ms([c for _w, c in page]), len(floor_response.content), floor_queries,
                    median_ms([w for w, _c in bare]), median_ms([c for _w, c in bare]),
                    median_ms([w for w, _c in bare_anonymous]),
                    median_ms([w for w, _c in changed]))


def floor_url(size):
    return reverse("bench_floor", args=[size])


def pages(sizes):
    """(name, {size label: (url, signed in, the plan it shows)}) for each main page."""
    def each(view, attribute, signed_in=True):
        return {s.label: (reverse(view, args=[getattr(s, attribute).pk]), signed_in,
                          getattr(s, attribute).pk) for s in sizes}

    return [
        ("plan (signed v1)", each("plans:plan", "signed")),
        ("plan (draft v2, editable)", each("plans:plan", "draft")),
        ("what we heard", each("stakeholders:heard", "signed")),
        ("portal page (public)", each("plans:blueprint", "signed", signed_in=False)),
        ("diff (v1 snapshot vs v2)", each("plans:compare", "draft")),
        ("progress (public)", each("progress:public", "signed", signed_in=False)),
    ]


def bench_pages(report, sizes, runs):
    anonymous = Client(HTTP_HOST="127.0.0.1")
    signed_in = {}
    for s in sizes:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(s.editor, backend=MODEL_BACKEND)
        signed_in[s.label] = client
    report(f"Server time: Django test client, DEBUG off, PostgreSQL; median of {runs} runs "
           "after a warm-up.")
    for line in (
        "Floor: a bare view rendering a template to the page's byte size (rows of text in a",
        "loop), asked for by the same client as the page: signed in, it pays the session and",
        "the user (2 queries, which the language middleware reads for any view) and no other.",
        "anon: the same view asked for anonymously (no query). All timed in alternation.",
        "ms: wall time (the target's measure); cpu: CPU time of this process (no database",
        "work), less swayed by other load. changed: the first view after each change to the",
        "plan (its content and the page rendered again), for information: not a target.",
    ):
        report(line)
    report("")
    header = (f"{'page':<26} {'size':<5} {'KB':>4} {'queries':>7} {'ms':>7} "
              f"{'floor ms':>8} {'ratio':>6} {'anon ms':>7} {'ratio':>6} "
              f"{'cpu ms':>7} {'floor':>6} {'ratio':>6} {'changed':>7} {'ratio':>6}  verdict")
    report(header)
    report("-" * len(header))
    results, problems, counts = [], [], {}
    for name, urls in pages(sizes):
        for s in sizes:
            url, as_editor, plan_pk = urls[s.label]
            m = measure(signed_in[s.label] if as_editor else anonymous, url, anonymous, runs,
                        plan_pk)
            results.append((name, s.label, url, m))
            verdict = []
            if m.queries > QUERY_LIMIT:
                verdict.append(f"queries > {QUERY_LIMIT}")
            if m.ratio > FLOOR_RATIO:
                verdict.append(f"> {FLOOR_RATIO:g}x floor")
            if not floor_is_bare(m) or abs(m.floor_size - m.size) > 1:
                verdict.append(f"floor off: {len(m.floor_queries)} queries, "
                               f"{m.floor_size} bytes")
            counts.setdefault(name, {})[s.label] = m.queries
            report(f"{name:<26} {s.label:<5} {m.size / 1024:>4.0f} {m.queries:>7} {m.ms:>7.1f} "
                   f"{m.floor_ms:>8.1f} {m.ratio:>5.1f}x {m.anonymous_floor_ms:>7.1f} "
                   f"{m.anonymous_ratio:>5.1f}x {m.cpu_ms:>7.1f} {m.floor_cpu_ms:>6.1f} "
                   f"{m.cpu_ratio:>5.1f}x {m.changed_ms:>7.1f} {m.changed_ratio:>5.1f}x  "
                   f"{'; '.join(verdict) or 'ok'}")
            problems += [f"{name} ({s.label}): {v}" for v in verdict]
    report("")
    for name, by_size in counts.items():
        if len(set(by_size.values())) > 1:
            problems.append(f"{name}: query count grows with size "
                            + ", ".join(f"{k} {v}" for k, v in by_size.items()))
    same = all(len(set(v.values())) == 1 for v in counts.values())
    report(f"Query counts equal at both sizes: {'yes' if same else 'NO'}; "
           f"at most {QUERY_LIMIT}: "
           f"{'yes' if all(m.queries <= QUERY_LIMIT for *_x, m in results) else 'NO'}.")
    return results, problems


# --- PDF ----------------------------------------------------------------------------------


def bench_pdf(report, plan, runs):
    from weasyprint import CSS, HTML

    from plans import export, pdf
    from plans.models import ExportJob

    job = ExportJob.objects.select_related("snapshot").get(plan=plan,
                                                         kind=ExportJob.Kind.BLUEPRINT)
    html = export.render_html(job, job.snapshot.content)
    stylesheet = str(pdf.PRINT_CSS)
    exported, alone = [], []  # (wall, CPU) seconds

    def run_export():
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.QUEUED, file="",
                                                   progress=0)
        start, cpu = time.perf_counter(), time.process_time()
        done = export.run_export(job.pk)
        exported.append((time.perf_counter() - start, time.process_time() - cpu))
        if done.state != ExportJob.State.DONE:
            raise CommandError(f"the export ended {done.state}: {done.error}")
        return done

    def weasyprint_alone():
        # The same HTML, stylesheet and PDF/UA-1 tagging as the export asks for.
        start, cpu = time.perf_counter(), time.process_time()
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            stylesheets=[CSS(filename=stylesheet)], pdf_variant="pdf/ua-1")
        document.write_pdf(pdf_variant="pdf/ua-1")
        alone.append((time.perf_counter() - start, time.process_time() - cpu))
        return len(document.pages)

    for n in range(runs):  # alternate which goes first
        if n % 2:
            pages_alone = weasyprint_alone()
            done = run_export()
        else:
            done = run_export()
            pages_alone = weasyprint_alone()

    def summary(runs_):
        wall = statistics.median(w for w, _c in runs_)
        cpu = statistics.median(c for _w, c in runs_)
        each = ", ".join(f"{w:.2f}" for w, _c in runs_)
        return wall, cpu, f"{wall:6.2f} s (cpu {cpu:5.2f} s; runs {each})"

    e, e_cpu, e_text = summary(exported)
    a, a_cpu, a_text = summary(alone)
    ratio = e / a
    report(f"Large blueprint: {len(html) / 1024:.0f} KB of HTML; median of {runs} runs, "
           "alternating.")
    report(f"  export (plans.export.run_export)        {e_text}")
    report(f"      {done.page_count} pages, {done.size / 1024:.0f} KB")
    report(f"  WeasyPrint alone (same HTML, stylesheet {a_text}")
    report(f"      and PDF/UA-1 tagging) {pages_alone} pages")
    cpu_ratio = e_cpu / a_cpu
    verdict = "ok" if ratio <= EXPORT_RATIO else f"MISSED (> {EXPORT_RATIO}x)"
    report(f"  export / WeasyPrint alone: {ratio:.2f}x wall  {verdict};  {cpu_ratio:.2f}x CPU "
           f"{'ok' if cpu_ratio <= EXPORT_RATIO else 'MISSED'}")
    problems = [] if ratio <= EXPORT_RATIO else [
        f"PDF export {ratio:.2f}x WeasyPrint alone in wall time ({cpu_ratio:.2f}x in CPU "
        f"time; load average {load_average()} on {os.cpu_count()} cores)"]
    return problems


# --- load against gunicorn ------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to sign in, say) counts as an error, not a success


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, cookie=None, timeout=30):
    """(status, body length); status None when the connection failed."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0
    except OSError:
        return None, 0


@contextmanager
def gunicorn(workdir, name="gunicorn", **environment):
    """A gunicorn of 2 workers on a free port, with ``environment`` added to this process's;
    its address and process."""
    port = free_port()
    log_path = Path(workdir) / f"{name}.log"
    log = open(log_path, "w")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="shared_safety.settings", **environment)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", f"{BENCH_URLCONF}:wsgi()", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while fetch(f"{base}/healthz", timeout=2)[0] != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise CommandError(f"{name} did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.2)
        yield base, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


@dataclass
class Load:
    requests: int
    errors: int
    seconds: float
    latencies: list
    statuses: dict

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0


def load(urls, cookie, *, clients, seconds, max_requests, expected_size=None):
    """``clients`` threads asking one request after another, for ``seconds`` or
    ``max_requests`` in all, whichever ends first; the clients take the ``urls`` (the same
    page on several instances, say) by turns, as a load balancer would share them out."""
    lock = threading.Lock()
    state = {"left": max_requests, "errors": 0, "done": 0}
    latencies, statuses = [], {}
    deadline = time.monotonic() + seconds

    def client(url):
        while time.monotonic() < deadline:
            with lock:
                if state["left"] <= 0:
                    return
                state["left"] -= 1
            start = time.perf_counter()
            status, size = fetch(url, cookie)
            took = time.perf_counter() - start
            bad = status != 200 or (expected_size is not None and size != expected_size
                                    and abs(size - expected_size) > 512)
            with lock:
                state["done"] += 1
                state["errors"] += bad
                statuses[status] = statuses.get(status, 0) + 1
                latencies.append(took)

    threads = [threading.Thread(target=client, args=(urls[n % len(urls)],), daemon=True)
               for n in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(state["done"], state["errors"], time.monotonic() - start, latencies, statuses)


def bench_load(report, large, page_size, *, clients, seconds, workdir):
    """The plan page under load: on one instance whose workers each keep their own pages,
    on one instance and on two instances keeping them in one Redis (issue 17), beside the
    floor of its size."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(large.editor, backend=MODEL_BACKEND)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    plan_path = reverse("plans:plan", args=[large.signed.pk])
    problems = []
    with ExitStack() as running:
        local, _process = running.enter_context(gunicorn(workdir, "gunicorn-local"))
        cache_url = running.enter_context(redis_server(workdir))
        shared = [running.enter_context(gunicorn(workdir, f"gunicorn-shared-{n}",
                                                 CACHE_URL=cache_url))[0] for n in (1, 2)]
        # A 200 of another size (a sign-in page, say) counts as an error too.
        targets = [
            ("plan page, 1 instance, own memory", [local + plan_path], cookie),
            ("plan page, 1 instance, Redis", [shared[0] + plan_path], cookie),
            ("plan page, 2 instances, 1 Redis", [base + plan_path for base in shared], cookie),
            (f"floor ({page_size / 1024:.0f} KB), 1 instance", [local + floor_url(page_size)],
             None),
        ]
        for _name, urls, with_cookie in targets:  # warm every worker
            load(urls, with_cookie, clients=8, seconds=2, max_requests=16)
        report(f"gunicorn, 2 sync workers an instance, PostgreSQL, DEBUG off; {clients} "
               f"concurrent clients (Python threads with urllib, on this machine) for up to "
               f"{seconds:g} s each; with two instances the clients take them by turns.")
        report("Own memory: each worker keeps its own pages; Redis: the instances' workers "
               "keep them in one Redis (CACHE_URL), as on several machines.")
        report("")
        report(f"{'target':<36} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>7} "
               f"{'p95 ms':>7}")
        for name, urls, with_cookie in targets:
            result = load(urls, with_cookie, clients=clients, seconds=seconds,
                          max_requests=100_000, expected_size=page_size)
            lat = sorted(result.latencies) or [0]
            p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
            report(f"{name:<36} {result.requests:>8} {result.errors:>6} {result.rate:>8.1f} "
                   f"{statistics.median(lat) * 1000:>7.0f} {p95 * 1000:>7.0f}")
            if result.errors:
                others = {k: v for k, v in result.statuses.items() if k != 200}
                report(f"  statuses other than 200: {others}")
                problems.append(f"{name}: {result.errors} errors under load")
    return problems


@contextmanager
def redis_server(workdir):
    """A Redis of the benchmark's own on a free port (never the machine's: other work may
    use it), bounded and evicting only keys that expire, as the README asks; its URL."""
    if shutil.which("redis-server") is None:
        raise CommandError("The load section needs redis-server on the PATH "
                           "(apt-get install redis-server).")
    port = free_port()
    log = open(Path(workdir) / "redis.log", "w")
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "volatile-lru"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise CommandError("redis-server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


# --- a state-sized installation (issue 17) ---------------------------------------------------

STATE_RATIO = 2.0


@dataclass
class Demo:
    county: object
    busiest: object  # the plan in consultation, which the state-sized data floods
    signed: object  # the signed-off blueprint, whose record grows
    official: object


def address(name, *args, query=""):
    """The address of a page, or None where this installation has no such page (one that
    a later issue adds, say)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def state_pages(demo):
    """(name, address or None, asked for signed in as the demo's official): the pages whose
    cost must not grow with the installation. Adding a page is one line."""
    return [
        ("portal", address("plans:portal"), False),
        ("portal search", address("opendata:search", query="q=safety"), False),
        ("plans of a jurisdiction", address("plans:list", demo.county.slug), True),
        ("comments of the busiest plan",
         address("stakeholders:consultation", demo.busiest.pk), True),
        ("What we heard, busiest plan", address("stakeholders:heard", demo.busiest.pk), True),
        ("progress of a blueprint", address("progress:public", demo.signed.pk), False),
        ("API: blueprints", address("api:blueprint-list"), False),
        ("API: measured values", address("api:measured-value-list"), False),
    ]


@dataclass
class PageCost:
    size: int
    fresh_queries: int  # rendered with nothing in the caches (the first view after a change)
    fresh_ms: float
    kept_queries: int  # asked again: what the caches keep is served
    kept_ms: float


def clear_page_caches():
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()


def repeated(run_once, runs, *, at_least=1.0, at_most=50):
    """Wall times of ``run_once``: ``runs`` of them, and more (up to ``at_most``) until they
    add up to ``at_least`` seconds, so that a page of a few milliseconds gets a median that
    other load on the machine sways less."""
    times = []
    while len(times) < runs or (sum(times) < at_least and len(times) < at_most):
        times.append(run_once())
    return times


def page_cost(client, url, runs):
    """Queries and median wall time of a page rendered afresh and kept."""
    clear_page_caches()
    response, fresh_queries = count_queries(client, url)
    response, kept_queries = count_queries(client, url)

    def answered(url):
        """Wall time of a GET, which must answer 200 (not a limit's 429, say)."""
        start = time.perf_counter()
        status = client.get(url).status_code
        if status != 200:
            raise CommandError(f"GET {url} answered {status}")
        return time.perf_counter() - start

    def fresh():
        clear_page_caches()
        return answered(url)

    fresh_times = repeated(fresh, runs)
    client.get(url)
    kept_times = repeated(lambda: answered(url), runs)
    return PageCost(len(response.content), fresh_queries, median_ms(fresh_times), kept_queries,
                    median_ms(kept_times))


def demo_installation(name):
    """A database of its own holding the demo (seed_demo's data, its PDFs left queued)."""
    from plans import demo
    from plans.models import Plan, Status
    from stakeholders.models import Jurisdiction, User

    recreate_database(name)
    connections.close_all()
    call_command("migrate", verbosity=0, interactive=False)
    with tasks_queued_not_run(), transaction.atomic():
        for _line in demo.seed():
            pass
    county = Jurisdiction.objects.get(slug="example-county")
    return Demo(county=county,
                busiest=Plan.objects.get(jurisdiction=county, status=Status.CONSULTATION),
                signed=Plan.objects.get(jurisdiction=county, status=Status.SIGNED_OFF),
                official=User.objects.get(username="official"))


def bench_state(report, runs):
    """The main lists at the demo's size, then once the installation is state-sized: the
    same queries and at most twice the time (issue 17)."""
    from plans.benchmark_state import STATE, grow

    name = settings.DATABASES["default"]["NAME"]
    start = time.monotonic()
    demo = demo_installation(name)
    report(f"The demo (seed_demo) in a database of its own, set up in "
           f"{time.monotonic() - start:.0f} s; then grown to {STATE.jurisdictions} more "
           f"jurisdictions, {STATE.plans:,} plans, {STATE.comments:,} comments "
           f"({STATE.busiest_comments:,} on the busiest plan, #{demo.busiest.pk}) and "
           f"{STATE.measured_values:,} measured values.")
    anonymous = Client(HTTP_HOST="127.0.0.1")
    official = Client(HTTP_HOST="127.0.0.1")
    official.force_login(demo.official, backend=MODEL_BACKEND)
    pages = [(page, url, official if signed_in else anonymous)
             for page, url, signed_in in state_pages(demo) if url is not None]
    for page, url, _signed_in in state_pages(demo):
        if url is None:
            report(f"  ({page}: no such page in this installation yet)")
    demo_costs = {page: page_cost(client, url, runs) for page, url, client in pages}
    start = time.monotonic()
    grown = grow(demo.county, demo.busiest)
    report(f"Grown in {time.monotonic() - start:.0f} s (bulk inserts): "
           + ", ".join(f"{count:,} {what}" for what, count in grown.items()) + ".")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon after such a load
    state_costs = {page: page_cost(client, url, runs) for page, url, client in pages}
    report(f"Django test client, DEBUG off, PostgreSQL; median of {runs} runs or more, up to "
           "50, until they add up to 1 s. fresh: rendered with nothing in the caches (the")
    report("first view after a change); kept: asked again, served from what the caches keep. "
           f"Target: the same queries and at most {STATE_RATIO:g}x the demo's time.")
    report("")
    header = (f"{'page':<30} {'queries':>9} {'state':>7} {'fresh ms':>9} {'state':>8} "
              f"{'ratio':>6} {'kept ms':>8} {'state':>8} {'ratio':>6} {'KB':>5} {'state':>6}"
              "  verdict")
    report(header)
    report("-" * len(header))
    problems = []
    for page, _url, _client in pages:
        small, large = demo_costs[page], state_costs[page]
        fresh_ratio = large.fresh_ms / small.fresh_ms
        kept_ratio = large.kept_ms / small.kept_ms
        verdict = []
        if (small.fresh_queries, small.kept_queries) != (large.fresh_queries,
                                                         large.kept_queries):
            verdict.append("queries grow")
        if max(fresh_ratio, kept_ratio) > STATE_RATIO:
            verdict.append(f"> {STATE_RATIO:g}x the time")
        report(f"{page:<30} {small.fresh_queries:>4}/{small.kept_queries:<4} "
               f"{large.fresh_queries:>3}/{large.kept_queries:<3} {small.fresh_ms:>9.1f} "
               f"{large.fresh_ms:>8.1f} {fresh_ratio:>5.1f}x {small.kept_ms:>8.1f} "
               f"{large.kept_ms:>8.1f} {kept_ratio:>5.1f}x {small.size / 1024:>5.0f} "
               f"{large.size / 1024:>6.0f}  {'; '.join(verdict) or 'ok'}")
        problems += [f"{page} (state-sized): {v}" for v in verdict]
    report("(queries: fresh/kept)")
    return problems


# --- the command --------------------------------------------------------------------------


class Command(BaseCommand):
    help = ("Issues 7 and 17's benchmark (run it with `make bench`): pages, PDF export, load "
            "and a state-sized installation.")

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15, help="timed runs per page")
        parser.add_argument("--pdf-runs", type=int, default=3, help="runs of each PDF render")
        parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
        parser.add_argument("--seconds", type=float, default=10, help="length of a load run")
        parser.add_argument("--state-runs", type=int, default=5,
                            help="timed runs per page of the state-sized installation")
        parser.add_argument("--parts", nargs="+", choices=PARTS, default=PARTS,
                            help="the sections to run (all by default)")
        parser.add_argument("--keep-db", action="store_true", help="do not drop the database")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if "postgresql" not in db["ENGINE"]:
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench).")
        if "bench" not in db["NAME"]:
            raise CommandError(f"Refusing to drop and create {db['NAME']!r}: the benchmark's "
                               "database name must contain 'bench'.")
        if settings.DEBUG:
            raise CommandError("Run the benchmark with DJANGO_DEBUG=0 (make bench).")
        if settings.REDIS_URL:
            raise CommandError("Unset REDIS_URL: the benchmark runs the export itself.")

        report = Report(self.stdout)
        started = time.monotonic()
        workdir = tempfile.mkdtemp(prefix="shared-safety-bench-")
        problems = []
        try:
            with override_settings(ROOT_URLCONF=BENCH_URLCONF,
                                   MEDIA_ROOT=Path(workdir) / "media"):
                problems = self.run(report, options, workdir)
        finally:
            if not options["keep_db"]:
                drop_database(db["NAME"])
            shutil.rmtree(workdir, ignore_errors=True)
        report("")
        report("== Targets ==")
        checks = [  # (target, the mark of its problems, the section that measures it)
            ("query counts equal at both sizes", "query count grows", "pages"),
            (f"at most {QUERY_LIMIT} queries a page", f"queries > {QUERY_LIMIT}", "pages"),
            (f"each main page within {FLOOR_RATIO:g}x the floor", "x floor", "pages"),
            (f"PDF export within {EXPORT_RATIO}x WeasyPrint alone", "PDF export", "pdf"),
            ("no error under load", "under load", "load"),
            (f"state-sized: the demo's queries and at most {STATE_RATIO:g}x its time",
             "(state-sized)", "state"),
        ]
        for target, marker, part in checks:
            missed = [p for p in problems if marker in p]
            verdict = "not run" if part not in options["parts"] else (
                "MISSED" if missed else "met")
            report(f"  {verdict:<7}  {target}")
            for problem in missed:
                report(f"            {problem}")
        report(f"Benchmark took {time.monotonic() - started:.0f} s.")
        RESULTS.write_text(report.text())
        self.stdout.write(f"Written to {RESULTS.name}.")

    def run(self, report, options, workdir):
        name = settings.DATABASES["default"]["NAME"]
        report("Shared Safety Planner benchmark (issue 7, Speed)")
        report(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, database {name}; "
               f"load average at start {load_average()}")
        report("")
        parts = set(options["parts"])
        problems = []
        if parts & {"pages", "pdf", "load"}:
            large, small = self.plans(report, name)
        if "pages" in parts:
            start = time.monotonic()
            report("== Pages ==")
            results, problems = bench_pages(report, [large, small], options["runs"])
            plan_size = next(m.size for n, label, _u, m in results
                             if n.startswith("plan (signed") and label == "Large")
            report(f"({time.monotonic() - start:.0f} s; load average {load_average()})")
            report("")
        if "pdf" in parts:
            start = time.monotonic()
            report("== PDF export ==")
            problems += bench_pdf(report, large.signed, options["pdf_runs"])
            report(f"({time.monotonic() - start:.0f} s; load average {load_average()})")
            report("")
        if "load" in parts:
            start = time.monotonic()
            report("== Under load ==")
            if "pages" not in parts:
                plan_size = size_of(large)
            problems += bench_load(report, large, plan_size, clients=options["clients"],
                                   seconds=options["seconds"], workdir=workdir)
            report(f"({time.monotonic() - start:.0f} s; load average {load_average()})")
            report("")
        if "state" in parts:  # last: it builds a database of its own in place of the above
            start = time.monotonic()
            report("== State-sized installation (issue 17) ==")
            problems += bench_state(report, options["state_runs"])
            report(f"({time.monotonic() - start:.0f} s; load average {load_average()})")
        return problems

    def plans(self, report, name):
        """The large plan and the small one of issue 7, in a new database."""
        start = time.monotonic()
        recreate_database(name)
        connections.close_all()
        call_command("migrate", verbosity=0, interactive=False)
        large = build("Large", "large-county", commitments=50, comments=500, sessions=20)
        small = build("Small", "small-county", commitments=5, comments=50, sessions=2)
        report("== Data ==")
        for s in (large, small):
            report(f"{s.label}: {describe(s.signed)};")
            report(f"  v2 draft #{s.draft.pk} amends it (every 5th commitment changed).")
        report(f"Set up (migrate, build, sign off, amend) in {time.monotonic() - start:.1f} s.")
        report("")
        return large, small


def size_of(size):
    """The byte size of the signed plan's page as its editor sees it."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(size.editor, backend=MODEL_BACKEND)
    response, _queries = count_queries(client, reverse("plans:plan", args=[size.signed.pk]))
    return len(response.content)


def load_average():
    """The machine's load average over 1, 5 and 15 minutes: other work skews timings."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def describe(plan):
    from plans.models import Commitment, OutcomeMeasure
    from principles.models import Principle
    from stakeholders.input import Comment, ListeningSession, Response

    return (f"plan #{plan.pk} ({plan.get_status_display()}): "
            f"{Principle.objects.count()} principles, "
            f"{Commitment.objects.filter(plan=plan).count()} commitments, "
            f"{OutcomeMeasure.objects.filter(commitment__plan=plan).count()} measures, "
            f"{Comment.objects.filter(plan=plan).count()} comments with "
            f"{Response.objects.filter(comment__plan=plan).count()} responses, "
            f"{ListeningSession.objects.filter(plan=plan).count()} listening sessions")
