"""The production shape as processes on this machine (issue 17): one PostgreSQL database made
for the run, a Redis server of its own, an S3-compatible server (moto), two gunicorn
instances with DEBUG off, two Celery workers and Celery beat, all sharing one environment as
separate hosts would. Every process has its own log; `Shape.close` ends each one by its
process id and drops the database, whatever happened before.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, *, timeout, what, shape):
    """Poll ``check`` until it returns something truthy; fail with every process's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shape.assert_alive()
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise ShapeError(f"{what}: not within {timeout} s", shape.logs())


class ShapeError(AssertionError):
    """A step of the production shape failed; the message carries the processes' logs."""

    def __init__(self, message, logs):
        super().__init__(f"{message}\n\n{logs}")


@contextmanager
def logs_on_failure(shape):
    """A failed assertion carries every process's log."""
    try:
        yield
    except ShapeError:
        raise
    except AssertionError as failure:
        raise ShapeError(str(failure), shape.logs()) from failure


def database_url(server_url, name):
    """``server_url`` (a PostgreSQL URL) pointed at the database ``name``."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_connection(server_url):
    return psycopg.connect(database_url(server_url, "postgres"), autocommit=True)


class Shape:
    """Start, watch and end the processes of one installation."""

    def __init__(self, server_url, workdir):
        self.workdir = Path(workdir)
        self.server_url = server_url
        self.database = f"shared_safety_proof_{secrets.token_hex(4)}"
        self.database_url = database_url(server_url, self.database)
        self.processes = {}  # name: Popen, in the order started
        self.log_paths = {}
        self.env = None

    # --- services ------------------------------------------------------------------------

    def create_database(self):
        with admin_connection(self.server_url) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.database)))

    def drop_database(self):
        with admin_connection(self.server_url) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(self.database)))

    def query(self, statement, params=()):
        """One row read straight from the installation's database, as an operator would."""
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(statement, params).fetchone()

    def start_redis(self):
        """A Redis of the run's own, evicting only keys with a timeout (cache keys, never the
        task queue's), as the README asks of a Redis shared by cache and broker."""
        port = free_port()
        self.start("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--maxmemory", "64mb",
                             "--maxmemory-policy", "volatile-lru"])
        url = f"redis://127.0.0.1:{port}/0"
        wait_until(lambda: self.redis_answers(port), timeout=10, what="redis-server",
                   shape=self)
        return url

    @staticmethod
    def redis_answers(port):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start_s3(self):
        """moto's S3-compatible server on a free port; its address."""
        port = free_port()
        self.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)])
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: self.answers(f"{url}/moto-api/"), timeout=30, what="moto_server",
                   shape=self)
        return url

    # --- the app's processes -------------------------------------------------------------

    def manage(self, *args, env=None, timeout=180):
        """Run `manage.py` with the installation's environment; its output, or a failure
        naming it."""
        name = f"manage-{args[0]}"
        log = self.log_path(name)
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT,
                                env={**self.env, **(env or {})}, capture_output=True, text=True,
                                timeout=timeout)
        log.write_text(result.stdout + result.stderr)
        if result.returncode:
            raise ShapeError(f"manage.py {' '.join(args)} exited {result.returncode}",
                             self.logs())
        return result.stdout

    def start_web(self, name):
        port = free_port()
        self.start(name, [sys.executable, "-m", "gunicorn", "shared_safety.wsgi:application",
                          "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60",
                          "--access-logfile", "-"])
        return f"http://127.0.0.1:{port}"

    def wait_for_web(self, base):
        wait_until(lambda: self.answers(f"{base}/healthz"), timeout=60,
                   what=f"gunicorn at {base}", shape=self)

    def start_worker(self, name):
        self.start(name, [str(BIN / "celery"), "-A", "shared_safety", "worker",
                          "--pool=prefork", "--concurrency=1", "--hostname", f"{name}@%h",
                          "--loglevel=info"])

    def start_beat(self):
        self.start("beat", [str(BIN / "celery"), "-A", "shared_safety", "beat",
                            "--loglevel=info", "--schedule",
                            str(self.workdir / "celerybeat-schedule")])

    @staticmethod
    def answers(url):
        try:
            return requests.get(url, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    # --- processes -----------------------------------------------------------------------

    def log_path(self, name):
        path = self.workdir / f"{name}.log"
        self.log_paths[name] = path
        return path

    def start(self, name, argv):
        """One process in a session of its own, so that ending it ends its children."""
        with open(self.log_path(name), "wb") as log:
            self.processes[name] = subprocess.Popen(
                argv, cwd=ROOT, env=self.env or dict(os.environ), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
        return self.processes[name]

    def assert_alive(self):
        for name, process in self.processes.items():
            if process.poll() is not None and not getattr(process, "ended_on_purpose", False):
                raise ShapeError(f"{name} (pid {process.pid}) exited {process.returncode}",
                                 self.logs())

    def kill(self, name):
        """SIGKILL a process and its children by its id, as a lost machine would end them."""
        process = self.processes[name]
        process.ended_on_purpose = True
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self, name, grace=10):
        process = self.processes[name]
        process.ended_on_purpose = True
        if process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def close(self):
        """End every process (the app's first, then the services) and drop the database."""
        for name in reversed(list(self.processes)):
            try:
                self.stop(name)
            except ProcessLookupError:
                pass
        self.drop_database()

    def logs(self, tail=4000):
        """The end of every process's log, for a failure's message."""
        parts = []
        for name, path in self.log_paths.items():
            text = path.read_text(errors="replace") if path.exists() else ""
            parts.append(f"--- {name} ({path}) ---\n{text[-tail:]}")
        return "\n".join(parts)


def keep_logs(shape, destination):
    """Copy the run's logs where CI keeps artifacts."""
    destination.mkdir(parents=True, exist_ok=True)
    for path in shape.log_paths.values():
        if path.exists():
            shutil.copy(path, destination / path.name)
