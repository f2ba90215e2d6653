"""Behind nginx, each visitor has their own rate limit; forged X-Forwarded-For changes nothing."""

import itertools

START = "/hautes-etudes/candidater/"
_emails = itertools.count()


def start_application(visitor):
    visitor.get(START)
    return visitor.post(START, {"email": f"candidate-{next(_emails)}@example.fr"})


def test_application_starts_from_twelve_addresses_all_succeed(stack):
    statuses = [start_application(stack.proxy(f"127.0.1.{n}")).status for n in range(1, 13)]

    assert statuses == [200] * 12  # each is told a link is on its way


def test_application_starts_from_one_address_stop_at_the_limit(stack):
    responses = [start_application(stack.proxy("127.0.2.1")) for _ in range(12)]

    assert [r.status for r in responses] == [200] * 10 + [429] * 2


def test_alert_subscriptions_from_one_address_get_retry_after(stack):
    visitor = stack.proxy("127.0.2.2")
    form = {"email": "alerte-limite@example.fr", "scope": "resources", "query": ""}
    invalid = [visitor.send("POST", "/alertes/", fields={"email": "x"}) for _ in range(3)]
    accepted = [visitor.send("POST", "/alertes/", fields=form) for _ in range(10)]

    refused = visitor.send("POST", "/alertes/", fields=form)

    # Rejected posts are not counted: 3 invalid ones, then 10 accepted before the limit.
    assert [r.status for r in invalid + accepted] == [400] * 3 + [200] * 10
    assert refused.status == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3660  # whole minutes
    assert "Vous pourrez réessayer dans" in refused.text


def test_forged_forwarded_for_through_the_proxy_changes_nothing(stack):
    responses = [
        start_application(stack.proxy("127.0.3.1", headers={"X-Forwarded-For": f"198.51.100.{n}"}))
        for n in range(12)
    ]

    assert [r.status for r in responses] == [200] * 10 + [429] * 2


def test_forged_forwarded_for_straight_to_gunicorn_changes_nothing(stack):
    def forged(n):
        # An attacker reaching gunicorn's port, pretending to be a proxy's many clients.
        headers = {"X-Forwarded-For": f"203.0.113.{n}", "X-Forwarded-Proto": "https"}
        return stack.direct("127.0.4.1", headers=headers)

    responses = [start_application(forged(n)) for n in range(12)]

    assert [r.status for r in responses] == [200] * 10 + [429] * 2
    # …and the proxy's real clients are not blocked by that attacker.
    assert start_application(stack.proxy("127.0.4.2")).status == 200
