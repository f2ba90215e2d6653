"""`make bench`: build catalogues at several sizes, serve each with gunicorn on production
settings, measure, and write bench/REPORT.md (see bench/README.md).

For each size of BENCH_SIZES, in its own database `<BENCH_DATABASE_URL name>_<size>`:
1. catalogue: migrate, load_demo, bench.generate (skipped when the database already holds the
   same catalogue: a marker in the database's comment names the size and the generator);
2. SQL queries per page, in-process (bench.sqlcount), page cache off;
3. gunicorn (production settings, page cache off): sequential requests on loopback; latency
   p50/p95/p99 as gunicorn itself measured it (access log %(D)s: the server's time) and as the
   client saw it; RSS and PSS of each worker.
At the largest size, also throughput under concurrent load from wrk, page cache off (what the
server computes) and on (what anonymous visitors get), with the minimal view as the ceiling.
"""

import hashlib
import http.client
import json
import math
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg

from bench.report import write_report

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
WORK = ROOT / "var" / "bench"
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ints_bench")
# Shared with others: the run's keys carry its own prefix (bench/settings.py, bench/own_cache.py).
REDIS_URL = (
    os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
)
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 10000 100000").split()]
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "100"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# A page group stops sampling after this long: at 100,000 resources some searches hit the
# 30 s statement timeout, and a hundred of them would take most of an hour.
GROUP_SECONDS = int(os.environ.get("BENCH_GROUP_SECONDS", "240"))
# The size at which a running peer (BENCH_PEER_URL, bench/peer.py) is measured beside us.
PEER_SIZE = int(os.environ.get("BENCH_PEER_SIZE", "10000"))
# Seconds for every gunicorn worker to load the bitmaps a warm-up step announced.
PRELOAD_SECONDS = float(os.environ.get("BENCH_PRELOAD_SECONDS", "5"))
QUERIES = [q.strip() for q in (BENCH / "queries.txt").read_text().splitlines() if q.strip()]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) ints-bench"
CEILING = "Ceiling (minimal view)"
SEARCH = f"Search ({len(QUERIES)} queries)"
FILTERED = "Filtered lists"
FILTERS = [
    "theme=protection-de-lenfance",
    "theme=protection-de-lenfance&public=professionnels",
    "public=etudiants&type=guide",
    "territoire=59-nord",
    "theme=handicap&public=professionnels&territoire=national",
    "type=fiche-pratique&annee=2025",
    "theme=sante-mentale&theme=jeunesse&tri=titre",
    "theme=insertion-et-rsa&page=3",
    "q=accompagnement&theme=protection-de-lenfance",
    "q=aller-vers&public=professionnels&tri=date",
]


def database_url(name):
    return urlsplit(BASE_URL)._replace(path=f"/{name}").geturl()


def database_name(size):
    return f"{urlsplit(BASE_URL).path.lstrip('/') or 'ints_bench'}_{size}"


def marker(size):
    source = (BENCH / "generate.py").read_bytes()
    return f"ints bench catalogue size={size} generator={hashlib.sha256(source).hexdigest()[:12]}"


def server_env(size, *, page_cache, secret):
    """Production settings from the environment, as docs/deploy.md sets them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret,
        INTS_SITE_URL="https://ints.example.gouv.fr",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no TLS-terminating proxy in front to set X-Forwarded-Proto.
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url(database_name(size)),
        REDIS_URL=REDIS_URL,
        BENCH_CACHE_PREFIX=f"ints-bench-{size}-{secret[:8]}",
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if not page_cache:
        env["INTS_PAGE_CACHE_SECONDS"] = "0"
    return env


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def admin_sql(sql, params=None):
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def prepare(size, env):
    """The catalogue of `size` resources in its own database, generated once."""
    name = database_name(size)
    found = admin_sql(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    )
    if found and found[0][0] == marker(size):
        print(f"Database {name} already holds this catalogue: reused.", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        return
    print(f"Building {name}…", flush=True)
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    subprocess.run([sys.executable, "-m", "bench.generate", str(size)], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    admin_sql(f"COMMENT ON DATABASE \"{name}\" IS '{marker(size)}'")


def catalogue_counts(size):
    with psycopg.connect(database_url(database_name(size))) as connection:
        rows = connection.execute(
            """SELECT (SELECT count(*) FROM resources_resource),
                      (SELECT count(*) FROM resources_resource
                        WHERE status = 'published' AND publication_date <= now()),
                      (SELECT count(*) FROM research_publication),
                      (SELECT count(*) FROM resources_event),
                      (SELECT count(*) FROM hautes_etudes_application),
                      (SELECT count(*) FROM resources_searchentry),
                      pg_size_pretty(pg_database_size(current_database()))"""
        ).fetchone()
    keys = ["resources", "visible", "publications", "events", "applications", "entries", "size"]
    return dict(zip(keys, rows, strict=True))


def pages(size):
    """The page groups measured, with concrete URLs taken from the database."""
    with psycopg.connect(database_url(database_name(size))) as connection:
        slugs = [
            row[0]
            for row in connection.execute(
                "SELECT slug FROM resources_resource WHERE status = 'published' "
                "AND publication_date <= now() ORDER BY md5(slug) LIMIT 20"
            )
        ]
    return {
        CEILING: ["/bench/ceiling/"],
        "Home": ["/"],
        "Resource list with facets": ["/ressources/"],
        FILTERED: [f"/ressources/?{params}" for params in FILTERS],
        SEARCH: [f"/rechercher/?q={quote(q)}" for q in QUERIES],
        "Resource pages": [f"/ressources/{slug}/" for slug in slugs],
        "Agenda": ["/agenda/"],
        "Observatory": ["/observatoire/"],
    }


def query_counts(env, groups, *, levers):
    sample = {name: urls[:: max(1, len(urls) // 10)][:10] for name, urls in groups.items()}
    done = subprocess.run(
        [sys.executable, "-m", "bench.sqlcount"],
        cwd=ROOT, env={**env, "BENCH_LEVERS": "1" if levers else ""},
        input=json.dumps(sample), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        sys.exit(f"bench.sqlcount failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# The server ---------------------------------------------------------------------------------


def server_port():
    """BENCH_PORT when given (a port the machine's other users leave alone; one server runs at a
    time), else a loopback port free right now."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn as docs/deploy.md runs it, on loopback (`server_port()`), with an access log that
    records each request's duration in microseconds (%(D)s)."""

    def __init__(self, env, label):
        self.port = server_port()
        self.log = WORK / f"access-{label}.log"
        self.log.write_text("")
        command = [
            str(Path(sys.executable).parent / "gunicorn"), "ints_portal.wsgi",
            "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
            "--no-control-socket", "--access-logfile", str(self.log),
            "--access-logformat", "%(s)s %(D)s %(U)s?%(q)s", "--error-logfile",
            str(WORK / f"error-{label}.log"), "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/bench/ceiling/")
                if connection.getresponse().status == 200 and len(self.workers()) == WORKERS:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not answer (see {WORK}/error-{label}.log)")

    def workers(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def memory(self):
        """(RSS, PSS) of each worker in MiB; PSS shares the pages forked workers have in
        common among them, so it is what one more worker really costs."""
        out = []
        for pid in self.workers():
            try:
                rss = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                pss = re.search(r"^Pss:\s+(\d+)", rollup, re.M)
            except OSError:
                continue
            out.append((int(rss.group(1)) / 1024, int(pss.group(1)) / 1024 if pss else None))
        return out

    def log_offset(self):
        return self.log.stat().st_size

    def durations_since(self, offset):
        """[(url, ms)] of the successful requests logged since `offset`. A worker killed at
        its timeout is logged as a 500 for URL "None" with a meaningless duration: the
        caller times failures itself."""
        with self.log.open() as log:
            log.seek(offset)
            rows = [line.split() for line in log if line.strip()]
        return [(row[2].removesuffix("?"), int(row[1]) / 1000) for row in rows if row[0] == "200"]

    def drain(self):
        """Wait until the workers are free again: requests queued by a load run on slow pages
        are still computed after the load generator has gone, and would slow the next run."""
        deadline = time.monotonic() + 180
        quick = 0
        while time.monotonic() < deadline and quick < 3:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            start = time.perf_counter()
            status = get(connection, "/bench/ceiling/")
            connection.close()
            fast = status == 200 and time.perf_counter() - start < 0.05
            quick = quick + 1 if fast else 0
            time.sleep(0.1 if fast else 1)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def percentiles(values):
    values = sorted(values)
    if not values:
        return {}

    def pct(p):  # nearest rank
        return values[max(0, math.ceil(p / 100 * len(values)) - 1)]

    return {"p50": pct(50), "p95": pct(95), "p99": pct(99), "n": len(values)}


def get(connection, url):
    """The status, or 0 when the server closed the connection (a worker killed at its
    timeout)."""
    try:
        connection.request("GET", url, headers={"User-Agent": BROWSER, "Accept": "text/html"})
        response = connection.getresponse()
        response.read()
        return response.status
    except (http.client.HTTPException, OSError):
        connection.close()
        return 0


def latencies(server, urls):
    """Sequential requests over the group's URLs in a shuffled (fixed) order, SAMPLES of them
    (or every URL once), within GROUP_SECONDS."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=90)
    for url in urls[:3]:
        get(connection, url)  # warm-up: connections, templates, PostgreSQL's buffers
    time.sleep(0.3)  # gunicorn logs a request after answering it: keep warm-ups out
    plan = (urls * math.ceil(SAMPLES / len(urls)))[: max(SAMPLES, len(urls))]
    random.Random(len(plan)).shuffle(plan)
    offset = server.log_offset()
    client, failed, errors = [], [], 0
    deadline = time.monotonic() + GROUP_SECONDS
    for url in plan:
        if time.monotonic() > deadline:
            break
        start = time.perf_counter()
        status = get(connection, url)
        elapsed = (time.perf_counter() - start) * 1000
        client.append(elapsed)
        if status != 200:
            errors += 1
            failed.append((url, elapsed))  # as the client timed it: the log cannot say
    time.sleep(0.5)  # let the access log reach the disk
    logged = server.durations_since(offset) + failed
    by_url = {}
    for url, ms in logged:
        by_url[url] = max(ms, by_url.get(url, 0))
    slowest = sorted(by_url.items(), key=lambda item: -item[1])[:5]
    return {
        "server": percentiles([ms for _url, ms in logged]),
        "client": percentiles(client),
        "errors": errors,
        "planned": len(plan),
        "slowest": [{"url": url, "ms": round(ms)} for url, ms in slowest],
    }


def throughput(server, urls):
    """wrk with a Lua script cycling through the group's URLs."""
    wrk = shutil.which("wrk")
    if not wrk:
        return None
    paths = ", ".join(json.dumps(url) for url in urls)
    script = (
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        f'wrk.headers["User-Agent"] = "{BROWSER}"\n'
        "request = function()\n  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\nend\n'
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=WORK, delete=False) as lua:
        lua.write(script)
    threads = str(min(2, os.cpu_count() or 1))
    done = subprocess.run(
        [wrk, "-t", threads, "-c", str(CONNECTIONS), "-d", f"{LOAD_SECONDS}s", "--timeout",
         "30s", "--latency", "-s", lua.name, f"http://127.0.0.1:{server.port}"],
        capture_output=True, text=True,
    )  # fmt: skip
    Path(lua.name).unlink()
    out = done.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else None,
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(g) for g in socket_errors.groups()) if socket_errors else 0),
    }


def load(server, groups, result, key, *, fill=False):
    """Throughput of each group, each right after a run of the minimal view: the share of the
    ceiling compares two runs a few seconds apart, so a noisy neighbour on the machine weighs
    on both. `fill`: request each of the group's URLs once just before its run, as earlier
    visitors would have (the whole run lasts longer than the page cache keeps a page)."""
    ceiling_runs = []
    for name, urls in groups.items():
        if name == CEILING:
            continue
        ceiling = throughput(server, groups[CEILING])
        if fill:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            for url in urls:
                get(connection, url)
            connection.close()
        measured = throughput(server, urls)
        server.drain()
        if ceiling is None or measured is None:
            return
        ceiling_runs.append(ceiling)
        measured["ceiling_rps"] = ceiling["rps"]
        result["rows"][name][key] = measured
        print(
            f"{name:32} {key}: {measured['rps']:7.0f} req/s, ceiling just before "
            f"{ceiling['rps']:.0f} req/s, {measured['errors']} errors",
            flush=True,
        )
    rps = sorted(run["rps"] for run in ceiling_runs)
    result["rows"][CEILING][key] = {
        "rps": rps[len(rps) // 2],
        "ceiling_rps": rps[len(rps) // 2],
        "p99_ms": sorted(run["p99_ms"] or 0 for run in ceiling_runs)[len(rps) // 2],
        "errors": sum(run["errors"] for run in ceiling_runs),
        "runs": rps,
    }


def warmup(env, step):
    """One step of bench.warmup (fresh, change or bump) in a process of its own; its seconds."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.warmup", step], cwd=ROOT, env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode:
        sys.exit(f"bench.warmup {step} failed:\n{done.stderr[-3000:]}")
    time.sleep(PRELOAD_SECONDS)  # each worker's preload thread loads the announced bitmaps
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def count_error(env):
    """Facet counts as the search page shows them against exact SQL counts (bench.count_error),
    on every query of queries.txt."""
    urls = [f"/rechercher/?q={quote(q)}" for q in QUERIES]
    done = subprocess.run(
        [sys.executable, "-m", "bench.count_error"], cwd=ROOT, env=env, input=json.dumps(urls),
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        sys.exit(f"bench.count_error failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def search_rounds(server, env):
    """Each query of queries.txt in four situations, one request at a time, server-side:
    - first visit: nothing computed for it in any version (the run's cache emptied, the
      bitmaps built as the worker builds them), then its repeat in the same version;
    - after a change, precomputed: a new catalogue version, the worker's warm-up run
      (bench.warmup change: the queries were searched in the first round, so they are among the
      frequent ones), then one visit;
    - after a change, not yet recomputed: a new version whose bitmaps are built but whose
      queries are not (served from the previous version while a task recomputes them)."""
    urls = [f"/rechercher/?q={quote(q)}" for q in QUERIES]
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=90)
    get(connection, "/bench/ceiling/")
    out = {}

    def visit(*, repeat=False):
        """Server-side ms of each URL's visit (and of its repeat right after it)."""
        offset = server.log_offset()
        for url in urls:
            for _ in range(2 if repeat else 1):
                get(connection, url)
        time.sleep(0.5)  # let the access log reach the disk
        return server.durations_since(offset)

    out["fresh_seconds"] = warmup(env, "fresh")
    logged = visit(repeat=True)  # each one's first visit, then at once its repeat
    out["first"] = percentiles([ms for _url, ms in logged[0::2]])
    out["repeated"] = percentiles([ms for _url, ms in logged[1::2]])
    out["slowest_first"] = sorted(logged[0::2], key=lambda row: -row[1])[:5]
    out["warm_seconds"] = warmup(env, "change")
    out["precomputed"] = percentiles([ms for _url, ms in visit()])
    out["bump_seconds"] = warmup(env, "bump")
    out["stale"] = percentiles([ms for _url, ms in visit()])
    connection.close()
    for key in ("first", "repeated", "precomputed", "stale"):
        stats = out[key]
        print(
            f"Search, {key:12} p50 {stats['p50']:7.1f}  p95 {stats['p95']:7.1f}  p99 "
            f"{stats['p99']:7.1f} ms ({stats['n']} requests)",
            flush=True,
        )
    return out


# The run ------------------------------------------------------------------------------------


def measure_size(size, secret, largest):
    env = server_env(size, page_cache=False, secret=secret)
    prepare(size, env)
    groups = pages(size)
    sql = query_counts(env, groups, levers=largest)  # the levers of issue 14: largest size only
    result = {"catalogue": catalogue_counts(size), "sql": sql, "rows": {}}
    result["count_error"] = count_error(env)
    print(f"Catalogue: {result['catalogue']}", flush=True)
    result["loadavg_before"] = os.getloadavg()
    server = Server(env, f"{size}-nocache")
    try:
        for name, urls in groups.items():
            row = latencies(server, urls)
            result["rows"][name] = row
            print(
                f"{name:32} server p50 {row['server']['p50']:7.1f}  p95 "
                f"{row['server']['p95']:7.1f}  p99 {row['server']['p99']:7.1f} ms"
                f"  ({row['server']['n']} requests, {row['errors']} errors)",
                flush=True,
            )
        result["search_rounds"] = search_rounds(server, env)
        if os.environ.get("BENCH_PEER_URL") and size == PEER_SIZE:
            from bench import peer

            result["peer"] = peer.compare(f"http://127.0.0.1:{server.port}", server.log, QUERIES)
        result["memory_after_latency"] = server.memory()
        if largest:
            load(server, groups, result, "load_nocache")
            result["memory_after_load_nocache"] = server.memory()
    finally:
        server.stop()
    if largest:
        server = Server(server_env(size, page_cache=True, secret=secret), f"{size}-cache")
        try:
            load(server, groups, result, "load_cache", fill=True)
            result["memory_after_load_cache"] = server.memory()
        finally:
            server.stop()
    result["loadavg_after"] = os.getloadavg()
    return result


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(64)
    started = time.monotonic()
    print("collectstatic…", flush=True)
    manage(server_env(SIZES[0], page_cache=False, secret=secret), "collectstatic", "--noinput",
           "-v0")  # fmt: skip
    if not shutil.which("wrk"):
        print("wrk is not installed: throughput will be skipped (apt-get install wrk).")
    results = {}
    # BENCH_RESULTS_FROM: a last-run.json of an earlier run of the same code, whose sizes are
    # taken as they are (the report says so): on a shared machine the smaller sizes can run
    # while the largest catalogue is still being generated.
    earlier = os.environ.get("BENCH_RESULTS_FROM")
    earlier = json.loads(Path(earlier).read_text()) if earlier else {}
    for size in SIZES:
        print(f"\n=== {size} resources ===", flush=True)
        if str(size) in earlier and size != max(SIZES):
            results[size] = earlier[str(size)]
            print(f"Taken from {os.environ['BENCH_RESULTS_FROM']}.", flush=True)
            continue
        results[size] = measure_size(size, secret, largest=size == max(SIZES))
        results[size]["measured_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    report = write_report(results, time.monotonic() - started)
    (WORK / "last-run.json").write_text(json.dumps(results, indent=1, default=str))
    print("\n" + report)


if __name__ == "__main__":
    main()
