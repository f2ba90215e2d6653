"""A mail server that is down or slow costs visitors nothing; every message arrives once."""

import re
import time
from collections import Counter

import pytest
from django.core import signing

from resources.engagement.services import UNSUBSCRIBE_SALT
from tests.deploy.stack import HOST, wait_for
from tests.faults.test_faults import CYCLE_STEPS, PDF

PREFIX = "/hautes-etudes/candidater"
# Stopping aiosmtpd while the worker is connected (the outage these tests make) leaves that
# connection's transport to the garbage collector, which warns about it in aiosmtpd's thread.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <(function _SelectorTransport|socket.socket)"
    ":pytest.PytestUnraisableExceptionWarning"
)


def subscribe(visitor, email):
    return visitor.send(
        "POST", "/alertes/", fields={"email": email, "scope": "resources", "query": "q=enfance"}
    )


def start_application(visitor, email):
    visitor.get(f"{PREFIX}/")
    return visitor.post(f"{PREFIX}/", {"email": email}).status


def emailed_path(stack, address):
    """The path of the last link the real SMTP server received for `address` (the start form
    sends the resume link: proof that the address is the applicant's)."""
    message = stack.smtp.mailbox.to(address)[-1]
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"https://{re.escape(HOST)}(/\S+)", text).group(1)


def fill_and_submit(visitor):
    """Every step of the cycle's application, then the submission; the status codes."""
    statuses = []
    for slug, data, files in CYCLE_STEPS:
        visitor.get(f"{PREFIX}/etapes/{slug}/")
        upload = {files: (f"{files}.pdf", PDF, "application/pdf")} if files else None
        statuses.append(visitor.post(f"{PREFIX}/etapes/{slug}/", data, upload).status)
    visitor.get(f"{PREFIX}/recapitulatif/")
    statuses.append(visitor.post(f"{PREFIX}/recapitulatif/", {}).status)
    return statuses


def outbox(stack, *addresses):
    return stack.query(
        "SELECT message_id, status, attempts, last_error FROM ints_portal_outboxmessage "
        "WHERE recipients ?| %s ORDER BY id",
        list(addresses),
    )


def outage(stack, addresses, action):
    """Run `action` with the SMTP server stopped until every message to `addresses` has
    failed once; the messages queued then."""
    stack.smtp.stop()
    try:
        result = action()
        wait_for(
            lambda: (
                outbox(stack, *addresses)
                and all(row[2] >= 1 for row in outbox(stack, *addresses) if row[1] == "queued")
            ),
            timeout=20,
            what="a first failed attempt for every message",
        )
        queued = [row for row in outbox(stack, *addresses) if row[1] == "queued"]
    finally:
        stack.smtp.start()
    assert queued and all("Connection refused" in r[3] or "Errno 111" in r[3] for r in queued)
    wait_for(
        lambda: {r[0] for r in queued} <= set(stack.smtp.mailbox.ids()),
        timeout=30,
        what="delivery once the server is back",
    )
    return result, [row[0] for row in queued]


def test_mail_server_down_loses_nothing_and_each_message_arrives_once(stack):
    visitor = stack.proxy("127.0.5.1")
    alert, candidate = "alerte-panne@example.fr", "candidate-panne@example.fr"

    # Outage 1: the subscription and the start are accepted; their emails wait and arrive.
    (subscribed, started), first = outage(
        stack,
        (alert, candidate),
        lambda: (subscribe(visitor, alert).status, start_application(visitor, candidate)),
    )
    visitor.get(emailed_path(stack, candidate))  # the applicant opens the emailed link
    # Outage 2: every step and the submission are stored; the acknowledgement waits.
    statuses, second = outage(stack, (candidate,), lambda: fill_and_submit(visitor))
    time.sleep(3)  # a few more sweeps: nothing is sent again

    assert (subscribed, started) == (200, 200)
    assert statuses == [302] * (len(CYCLE_STEPS) + 1)
    assert stack.query(
        "SELECT status FROM hautes_etudes_application WHERE email = %s", candidate
    ) == [("submitted",)]
    assert len(first) >= 2 and len(second) >= 1  # alert confirmation, link; acknowledgement
    received = Counter(stack.smtp.mailbox.ids())
    expected = first + second
    assert {m: received[m] for m in expected} == dict.fromkeys(expected, 1)
    assert {row[1] for row in outbox(stack, alert, candidate)} == {"sent"}


def test_slow_mail_server_adds_no_time_to_the_request(stack):
    visitor = stack.proxy("127.0.6.1")
    stack.smtp.mailbox.delay = 4.0
    try:
        started = time.perf_counter()
        response = subscribe(visitor, "alerte-lente@example.fr")
        elapsed = time.perf_counter() - started
        wait_for(
            lambda: stack.smtp.mailbox.to("alerte-lente@example.fr"),
            timeout=30,
            what="the slow server's delivery",
        )
    finally:
        stack.smtp.mailbox.delay = 0.0

    assert response.status == 200
    assert elapsed < 1.5, f"{elapsed:.2f} s"


def test_confirmation_email_is_acceptable_to_mail_providers(stack):
    subscribe(stack.proxy("127.0.7.1"), "alerte-entetes@example.fr")
    wait_for(
        lambda: stack.smtp.mailbox.to("alerte-entetes@example.fr"),
        timeout=30,
        what="the confirmation email",
    )
    message = stack.smtp.mailbox.to("alerte-entetes@example.fr")[0]
    text = message.get_body(preferencelist=("plain",)).get_content()

    assert message["Message-ID"].endswith(f"@{HOST}>")
    assert message["Auto-Submitted"] == "auto-generated"
    assert "&#" not in text and "&amp;" not in text and "&#" not in message["Subject"]
    assert f"https://{HOST}/alertes/confirmer/" in text


def test_one_click_unsubscribe_without_cookies_unsubscribes(stack):
    address = "alerte-desabonnement@example.fr"
    subscribe(stack.proxy("127.0.8.1"), address)
    [(token,)] = stack.query(
        "SELECT token::text FROM resources_subscription WHERE email = %s", address
    )
    signed = signing.dumps(token, key=stack.secret, salt=UNSUBSCRIBE_SALT)
    mail_client = stack.proxy("127.0.8.2", cookies=False)

    page = mail_client.get(f"/alertes/desabonner/{signed}/")
    response = mail_client.send(
        "POST",
        f"/alertes/desabonner/{signed}/",
        body="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "null"},
    )

    assert page.status == 200 and re.search(r"<h1>\s*Se désabonner\s*</h1>", page.text)
    assert response.status == 200
    assert stack.query("SELECT id FROM resources_subscription WHERE email = %s", address) == []
