"""The portal as docs/deploy.md deploys it, started on loopback for a test.

nginx (the site file of docs/deploy.md) → gunicorn (the ints-web unit's command line) on
production settings, a Celery worker and beat (their units' command lines) on Redis, a real
SMTP server (aiosmtpd) that a test can stop, slow down and restart, and a fresh PostgreSQL
database. Command lines and the nginx site are read from docs/deploy.md, so the documentation
is what runs.
"""

import asyncio
import contextlib
import email
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import urllib3
from aiosmtpd.controller import Controller

from tests.support.names import database_url, unique_database_name
from tests.support.ports import free_port
from tests.support.redis import RedisServer

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "deploy.md"
HOST = "ints.gouv.fr"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def static_is_current():
    """collectstatic has run since the last change to our static files (it takes ~10 s)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file())
    return manifest.stat().st_mtime > newest


# --- docs/deploy.md ---------------------------------------------------------------------------
def documented_block(first_line):
    """The fenced block of docs/deploy.md whose first line is `first_line`."""
    text = DOC.read_text()
    match = re.search(r"```\w*\n" + re.escape(first_line) + r"\n(.*?)```", text, re.S)
    assert match, f"docs/deploy.md has no block starting with {first_line!r}"
    return match.group(1)


def unit_command(unit):
    """argv of the ExecStart of a systemd unit given in docs/deploy.md, for this machine."""
    block = documented_block(f"# /etc/systemd/system/{unit}")
    line = re.search(r"^ExecStart=(.+)$", block, re.M).group(1)
    argv = [arg.replace("%%", "%") for arg in shlex.split(line)]  # systemd's escaped %
    assert argv[0].startswith("/srv/ints/venv/bin/"), argv[0]
    return [str(BIN / Path(argv[0]).name), *argv[1:]]


def replace_once(text, old, new):
    assert text.count(old) == 1, f"expected once in the documented config: {old!r}"
    return text.replace(old, new)


def replace_option(argv, option, value):
    index = argv.index(option)
    return [*argv[: index + 1], value, *argv[index + 2 :]]


# --- SMTP -------------------------------------------------------------------------------------
class Mailbox:
    """What a real SMTP server received, by Message-ID; `delay` slows every DATA answer."""

    def __init__(self):
        self.messages, self.delay, self.lock = [], 0.0, threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def ids(self):
        with self.lock:
            return [message["Message-ID"] for message in self.messages]

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


class SMTPServer:
    def __init__(self, port):
        self.port, self.mailbox, self.controller = port, Mailbox(), None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# --- HTTP -------------------------------------------------------------------------------------
class Visitor:
    """A client from one loopback address (127.0.0.0/8), with its own cookies."""

    def __init__(self, base, *, address="127.0.0.1", ca=None, cookies=True, headers=None):
        self.base, self.cookies, self.token = base, {}, None
        self.keep_cookies, self.extra = cookies, headers or {}
        self.pool = urllib3.PoolManager(
            source_address=(address, 0),
            ca_certs=ca,
            cert_reqs="CERT_REQUIRED" if ca else "CERT_NONE",
            retries=False,
            timeout=urllib3.Timeout(30),
        )

    def send(self, method, path, *, fields=None, files=None, body=None, headers=None):
        head = {"Host": HOST, "Origin": f"https://{HOST}", **self.extra, **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        kwargs = {}
        if files is not None:
            kwargs["fields"] = {**(fields or {}), **files}
        elif fields is not None:
            kwargs["body"] = urlencode(fields, doseq=True)
            head["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            kwargs["body"] = body
        response = self.pool.request(
            method, self.base + path, headers=head, redirect=False, **kwargs
        )
        if self.keep_cookies:
            for cookie in response.headers.getlist("Set-Cookie"):
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name] = value
        text = response.data.decode("utf-8", "replace")
        if match := TOKEN.search(text):
            self.token = match.group(1)
        response.text = text
        return response

    def get(self, path):
        return self.send("GET", path)

    def post(self, path, fields, files=None):
        fields = {**fields, "csrfmiddlewaretoken": self.token or ""}
        return self.send("POST", path, fields=fields, files=files)


# --- processes --------------------------------------------------------------------------------
class Stack:
    """Everything started by `start`, stopped by `stop` (in reverse order)."""

    def __init__(self, tmp, *, extra_env=None):
        self.tmp, self.processes, self.logs = tmp, {}, {}
        # A redis-server of the stack's own (cache and Celery broker): a test may stop and
        # restart it, and two stacks never share a queue or flush each other's keys.
        self.redis = RedisServer()
        self.redis_url = self.redis.url
        self.database = unique_database_name("deploy")
        self.smtp = SMTPServer(free_port())
        self.web_port, self.proxy_port = free_port(), free_port()
        self.secret = secrets.token_urlsafe(64)
        self.env = self._env(extra_env or {})

    def _env(self, extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTS_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="ints_portal.settings",
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY=self.secret,
            DJANGO_ALLOWED_HOSTS=HOST,
            INTS_SITE_URL=f"https://{HOST}",
            INTS_TRUSTED_PROXIES="127.0.0.1",
            DATABASE_URL=database_url(self.database),
            REDIS_URL=self.redis_url,
            INTS_PRIVATE_MEDIA_ROOT=str(self.tmp / "private"),
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(self.smtp.port),
            DJANGO_EMAIL_TIMEOUT="10",
            INTS_OUTBOX_RETRY_SECONDS="1",
            INTS_OUTBOX_MAX_BACKOFF_SECONDS="2",
            INTS_OUTBOX_SWEEP_SECONDS="1",
            INTS_HEARTBEAT_SECONDS="2",
            INTS_PAGE_CACHE_SECONDS="0",
            HOME=str(self.tmp),
        )
        env.update(extra)
        return env

    # setup
    def start_all(self):
        """Everything, as a deployment starts it: database, demo content (loaded while the
        services start), SMTP, gunicorn, Celery worker and beat, nginx; returns when nginx
        answers. The caller stops it with `stop()` (also after a failure here)."""
        self.prepare()
        demo = self.load_demo()
        self.smtp.start()
        self.start_web()
        self.start_worker()
        self.start_beat()
        self.start_proxy()
        _out, err = demo.communicate(timeout=300)
        assert demo.returncode == 0, err[-3000:]
        self.wait_until_up()
        return self

    def prepare(self):
        with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        self.redis.start()
        steps = [["migrate", "--noinput", "-v0"]]
        if not static_is_current():
            steps.append(["collectstatic", "--noinput", "-v0"])
        self._manage_in_parallel(steps)

    def load_demo(self):
        """Demo data (an open cycle) loaded while the services start; returns its process."""
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from hautes_etudes.demo import load_hautes_etudes_demo as h; h()",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def _manage_in_parallel(self, commands):
        running = [
            subprocess.Popen(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for command in commands
        ]
        for command, process in zip(commands, running, strict=True):
            _out, err = process.communicate(timeout=300)
            assert process.returncode == 0, f"{command}: {err[-3000:]}"

    def spawn(self, name, argv):
        if name in self.logs:  # a restart: same log, appended
            self.logs[name].close()
        log = (self.tmp / f"{name}.log").open("a")
        self.logs[name] = log
        self.processes[name] = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed with its children
        )

    def log(self, name):
        return (self.tmp / f"{name}.log").read_text()

    def start_web(self):
        argv = unit_command("ints-web.service")
        argv = replace_option(argv, "--bind", f"127.0.0.1:{self.web_port}")
        argv = replace_option(argv, "--workers", "2")
        self.spawn("gunicorn", argv)

    def start_worker(self):
        self.spawn("worker", unit_command("ints-worker.service"))

    def start_beat(self):
        argv = unit_command("ints-beat.service")
        argv = replace_option(argv, "--schedule", str(self.tmp / "celerybeat-schedule"))
        self.spawn("beat", argv)

    def kill(self, name):
        """SIGKILL a process and its children (a worker that dies with tasks in hand)."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def start_proxy(self):
        self._certificate()
        site = documented_block("# /etc/nginx/sites-available/ints.conf")
        site = replace_once(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{self.web_port};")
        site = replace_once(
            site, "listen 443 ssl http2;", f"listen 127.0.0.1:{self.proxy_port} ssl;"
        )
        site = replace_once(site, "listen 80;", f"listen 127.0.0.1:{free_port()};")
        site = replace_once(site, "/etc/ssl/ints/fullchain.pem", str(self.tmp / "cert.pem"))
        site = replace_once(site, "/etc/ssl/ints/privkey.pem", str(self.tmp / "key.pem"))
        site = replace_once(site, "/srv/ints/app/staticfiles/", f"{ROOT}/staticfiles/")
        # 127.0.0.1 plays the load balancer in front of nginx (a test may send its
        # X-Forwarded-For from there); visitors come from the rest of 127.0.0.0/8.
        site = replace_once(site, "set_real_ip_from 10.0.0.0/24;", "set_real_ip_from 127.0.0.1;")
        site = replace_once(
            site, "/var/log/nginx/ints.access.log", f"{self.tmp}/logs/ints.access.log"
        )
        (self.tmp / "logs").mkdir(exist_ok=True)
        (self.tmp / "ints.conf").write_text(site)
        (self.tmp / "nginx.conf").write_text(
            f"daemon off;\nworker_processes 1;\npid {self.tmp}/nginx.pid;\n"
            f"error_log {self.tmp}/logs/error.log warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n  include /etc/nginx/mime.types;\n"
            f"  access_log {self.tmp}/logs/access.log;\n"
            f"  client_body_temp_path {self.tmp}/body; proxy_temp_path {self.tmp}/proxy;\n"
            f"  fastcgi_temp_path {self.tmp}/fcgi; uwsgi_temp_path {self.tmp}/uwsgi;\n"
            f"  scgi_temp_path {self.tmp}/scgi;\n"
            f"  include {self.tmp}/ints.conf;\n}}\n"
        )
        self.spawn("nginx", ["nginx", "-p", str(self.tmp), "-c", str(self.tmp / "nginx.conf")])

    def _certificate(self):
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1",
                "-keyout", str(self.tmp / "key.pem"), "-out", str(self.tmp / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def proxy(self, address="127.0.0.1", **kwargs):
        """A visitor going through nginx (https), from `address`."""
        return Visitor(
            f"https://127.0.0.1:{self.proxy_port}",
            address=address,
            ca=str(self.tmp / "cert.pem"),
            **kwargs,
        )

    def direct(self, address, **kwargs):
        """A visitor reaching gunicorn itself, past the proxy."""
        return Visitor(f"http://127.0.0.1:{self.web_port}", address=address, **kwargs)

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        visitor = self.proxy()
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                assert process.poll() is None, f"{name} exited:\n{self.log(name)[-3000:]}"
            try:
                if visitor.get("/sante/").status == 200:
                    return
            except urllib3.exceptions.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(
            f"stack not healthy in {timeout} s: {visitor.get('/sante/').text}\n"
            + "\n".join(f"--- {n}\n{self.log(n)[-1500:]}" for n in self.processes)
        )

    def query(self, sql, *params):
        with psycopg.connect(database_url(self.database)) as connection:
            return connection.execute(sql, params).fetchall()

    def stop(self):
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        for process in self.processes.values():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()
        for log in self.logs.values():
            log.close()
        self.smtp.stop()
        with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self.redis.stop()


def wait_for(predicate, *, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
