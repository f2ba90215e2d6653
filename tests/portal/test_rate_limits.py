"""Rate limits on a sliding window (core/rate_limits.py): the last hour never holds
more than the limit, whatever the clock; the Retry-After says when the oldest action leaves."""

import pytest
from django.test import RequestFactory

from core import rate_limits

HOUR = 3600
LIMIT = {"bucket": "test", "limit": 10, "period_seconds": HOUR}


class Clock:
    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(0.0)
    monkeypatch.setattr(rate_limits, "time", clock)
    return clock


def visitor(address="192.0.2.1"):
    return RequestFactory().post("/alertes/", REMOTE_ADDR=address)


def test_twice_the_limit_does_not_fit_across_an_hour_boundary(clock):
    clock.now = 1000 * HOUR - 30  # 30 s before an hour starts on the clock
    before = [rate_limits.allow(visitor(), **LIMIT) for _ in range(10)]
    clock.now = 1000 * HOUR + 30  # a minute later, in the next clock hour
    after = [rate_limits.allow(visitor(), **LIMIT) for _ in range(10)]

    assert before == [True] * 10
    assert after == [False] * 10
    # The oldest minute leaves the window 3570 s from now (an hour after it ended).
    assert rate_limits.retry_after(visitor(), **LIMIT) == 3570
    clock.now = 1001 * HOUR
    assert rate_limits.retry_after(visitor(), **LIMIT) == 0
    assert rate_limits.allow(visitor(), **LIMIT)


def test_no_hour_ever_holds_more_than_the_limit_under_steady_attempts(clock):
    accepted = []
    for step in range(3 * 120):  # an attempt every 30 s for three hours, from 10:40
        clock.now = 1000 * HOUR + 40 * 60 + 30 * step
        if rate_limits.allow(visitor(), **LIMIT):
            accepted.append(clock.now)

    busiest = max(sum(1 for t in accepted if start <= t < start + HOUR) for start in accepted)
    assert busiest == 10
    assert len(accepted) == 30  # ten per hour and a bit: each minute is freed after the hour


def test_retry_after_counts_from_the_oldest_action_still_in_the_window(clock):
    clock.now = 500 * HOUR
    for _ in range(4):
        rate_limits.record_action(request=visitor(), bucket="test", period_seconds=HOUR)
    clock.now += 20 * 60
    for _ in range(6):
        rate_limits.record_action(request=visitor(), bucket="test", period_seconds=HOUR)
    clock.now += 10 * 60

    # Full: the four oldest leave in 30 min (and one slot), then four may act again.
    assert rate_limits.retry_after(visitor(), **LIMIT) == 31 * 60
    assert rate_limits.retry_after(visitor("192.0.2.2"), **LIMIT) == 0  # another client
    clock.now += 31 * 60
    assert rate_limits.retry_after(visitor(), **LIMIT) == 0
