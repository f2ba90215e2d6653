"""Redis stopped for 30 s under a bounded load of anonymous reads, as deployed: nginx, gunicorn
with the page cache on, the Celery worker and beat, aiosmtpd, and a redis-server of this test's
own (never the shared one). Reads never get a 5xx; `/sante/` answers its 503 JSON naming Redis
during the outage and 200 after; an application start gets the French 503 with Retry-After;
everything comes back by itself.
"""

import itertools
import json
import threading
import time
from collections import Counter

import pytest
import urllib3

from tests.deploy.stack import Stack, wait_for

READS = ["/", "/ressources/", "/agenda/", "/rechercher/?q=formation", "/hautes-etudes/"]
OUTAGE_SECONDS = 30
START = "/hautes-etudes/candidater/"


@pytest.fixture(scope="module")
def outage_stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("outage"), extra_env={"INTS_PAGE_CACHE_SECONDS": "60"})
    try:
        yield stack.start_all(), stack.redis
    finally:
        stack.stop()


class Load:
    """`threads` anonymous visitors, each reading a page every `pause` seconds, by phase."""

    def __init__(self, stack, *, threads=3, pause=0.05):
        self.stack, self.threads, self.pause = stack, threads, pause
        self.phase, self.results, self.lock = "avant", [], threading.Lock()
        self.running = threading.Event()

    def _visit(self, n):
        visitor = self.stack.proxy(f"127.0.8.{n + 1}", cookies=False)
        for path in itertools.cycle(READS):
            if not self.running.is_set():
                return
            phase = self.phase
            try:
                status = visitor.get(path).status
            except urllib3.exceptions.HTTPError as error:
                status = type(error).__name__
            with self.lock:
                self.results.append((phase, path, status))
            time.sleep(self.pause)

    def __enter__(self):
        self.running.set()
        self.workers = [
            threading.Thread(target=self._visit, args=(n,), daemon=True)
            for n in range(self.threads)
        ]
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc):
        self.running.clear()
        for worker in self.workers:
            worker.join(timeout=35)

    def statuses(self, phase):
        return Counter(status for p, _path, status in self.results if p == phase)


def health(stack):
    response = stack.proxy(cookies=False).get("/sante/")
    return response.status, response.headers.get("Content-Type"), response.text


def test_redis_stopped_30_s_under_load_reads_answer_and_everything_comes_back(outage_stack):
    stack, server = outage_stack
    warm = stack.proxy(cookies=False)
    assert [warm.get(path).status for path in READS * 2] == [200] * len(READS) * 2
    assert warm.get("/ressources/").headers.get("X-Page-Cache") == "hit"

    with Load(stack) as load:
        time.sleep(3)
        load.phase = "panne"
        server.stop()
        stopped = time.monotonic()
        time.sleep(2)
        during_health = health(stack)
        applicant = stack.proxy("127.0.8.100")
        form = applicant.get(START)  # sets the CSRF cookie without Redis
        refused = applicant.post(START, {"email": "pendant-la-panne@example.fr"})
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
        server.start()
        load.phase = "après"
        restarted = time.monotonic()
        wait_for(lambda: health(stack)[0] == 200, timeout=60, what="/sante/ 200 after Redis")
        healthy_after = time.monotonic() - restarted
        time.sleep(3)

    counts = {phase: load.statuses(phase) for phase in ("avant", "panne", "après")}
    print(f"\nreads by phase and status (Redis stopped {OUTAGE_SECONDS} s): {counts}")
    print(f"/sante/ 200 again {healthy_after:.1f} s after Redis restarted")
    for phase, statuses in counts.items():
        assert set(statuses) == {200}, (phase, statuses)
    assert counts["panne"].total() > 100  # the outage really was under load
    status, content_type, body = during_health
    assert (status, content_type) == (503, "application/json")
    assert json.loads(body)["redis"] == "injoignable"
    assert form.status == 200 and "csrftoken" in applicant.cookies
    assert refused.status == 503
    assert refused.headers["Retry-After"] == "30"
    assert "Service momentanément indisponible" in refused.text
    # Back to normal by itself: the page cache fills again, an application starts.
    assert warm.get("/ressources/").status == 200
    assert warm.get("/ressources/").headers.get("X-Page-Cache") == "hit"
    assert applicant.post(START, {"email": "apres-la-panne@example.fr"}).status == 200
    assert stack.query("SELECT email FROM hautes_etudes_application") == [
        ("apres-la-panne@example.fr",)
    ]
