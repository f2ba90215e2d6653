"""Each decision of both pillars reaches its person once, through the real worker and SMTP
server, with a link that works, and dates the application when it is delivered; a process
killed between the commit and the send still gets its message out, once (the outbox sweep)."""

import json
import re
import subprocess
import sys
import time
from collections import Counter

from tests.deploy.stack import HOST, ROOT, wait_for

SETUP = """
import datetime, json
from django.utils import timezone
from hautes_etudes.models import Application, Edition
from research.calls.models import Call, CallApplication
from applications.models import ApplicationStatus as S

edition = Edition.objects.current()
now = timezone.now()
call, _ = Call.objects.get_or_create(
    slug="appel-decisions", defaults=dict(
        title="Appel des décisions", summary="Un appel.", description="Axes.",
        eligibility="Laboratoires.", budget=100000, max_amount=50000, max_duration_months=24,
        opens_at=now - datetime.timedelta(days=2), closes_at=now + datetime.timedelta(days=5),
        is_published=True))
made = {}
for n, (name, status) in enumerate(ARGS["cycle"].items()):
    a = Application(parent=edition, email=f"{name}@decisions.example.fr", status=status,
                    first_name="Awa", last_name=name.capitalize(), reference=f"HE-T{TAG}-{n}",
                    data={"employer_email": f"drh-{name}@decisions.example.fr"},
                    submitted_at=now - datetime.timedelta(days=status == S.WAITING_LIST),
                    status_changed_at=now)  # the one already waiting is the first promoted
    a.issue_token(); a.save(); made[name] = a.pk
for n, name in enumerate(ARGS["calls"]):
    a = CallApplication(parent=call, email=f"{name}@decisions.example.fr", status=S.SUBMITTED,
                        lead_name=f"Nadia {name.capitalize()}", reference=f"AAP-T{TAG}-{n}",
                        submitted_at=now, status_changed_at=now)
    a.issue_token(); a.save(); made[name] = a.pk
print(json.dumps(made))
"""

MOVES = """
from hautes_etudes.models import Application
from hautes_etudes import services
from research.calls.models import CallApplication
from applications import places
from applications.workflow import transition
for model_name, pk, target in ARGS["moves"]:
    model = {"cycle": Application, "call": CallApplication}[model_name]
    application = model.objects.select_related("parent").get(pk=pk)
    if target == "accepted":
        places.accept(application=application, by=None)
    elif target == "ask_employer":
        services.ask_employer(application=application)
    else:
        transition(application=application, to=target, by=None)
"""

KILLED = """
import os, signal
from django.db import transaction
from hautes_etudes.models import Application
from core import emails
from applications.workflow import transition

# The process dies right after the commit, before it can wake a worker up.
emails.after_commit = lambda callback: transaction.on_commit(
    lambda: os.kill(os.getpid(), signal.SIGKILL)
)
transition(application=Application.objects.get(pk=ARGS["pk"]), to="rejected", by=None)
"""


def manage_shell(stack, code, args):
    tag = str(time.time_ns())[-6:]
    prelude = f"import json as _j\nARGS = _j.loads({json.dumps(args)!r})\nTAG = {tag!r}\n"
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", prelude + code],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def waiting(stack, predicate, what):
    """wait_for, telling on failure what the outbox holds and what the worker said."""
    try:
        wait_for(predicate, timeout=60, what=what)
    except AssertionError as exc:
        rows = stack.query(
            "SELECT recipients, kind, status, attempts, last_error FROM ints_portal_outboxmessage "
            "WHERE recipients::text LIKE '%%decisions.example.fr%%' ORDER BY id"
        )
        raise AssertionError(f"{exc}\n{rows}\n{stack.log('worker')[-3000:]}") from None


def received(stack, address):
    return stack.smtp.mailbox.to(address)


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def path_in(message):
    return re.search(rf"https://{re.escape(HOST)}(/\S+)", text_of(message)).group(1)


def sent_dates(stack, table, pk):
    sql = f"SELECT decision_sent_at FROM {table} WHERE id = %s"  # noqa: S608  (our table names)
    [(decision_sent_at,)] = stack.query(sql, pk)
    return decision_sent_at, [
        row[0]
        for row in stack.query(
            "SELECT sent_at FROM ints_portal_outboxmessage WHERE object_id = %s "
            "AND kind LIKE 'decision:%%' AND content_type_id = (SELECT id FROM "
            "django_content_type WHERE app_label || '_' || model = %s) ORDER BY id",
            pk,
            table,
        )
    ]


def address(name):
    return f"{name}@decisions.example.fr"


def test_each_decision_of_both_pillars_arrives_once_with_a_working_link(stack):
    cycle = {
        "retenue": "submitted",
        "attente": "submitted",
        "refusee": "interview",
        "renonce": "submitted",
        "promue": "waiting_list",
        "salariee": "submitted",
    }
    setup = manage_shell(stack, SETUP, {"cycle": cycle, "calls": ["projeta", "projetw", "projetr"]})
    assert setup.returncode == 0, setup.stderr[-3000:]
    pk = json.loads(setup.stdout.strip().splitlines()[-1])
    moves = manage_shell(
        stack,
        MOVES,
        {
            "moves": [
                ["cycle", pk["retenue"], "accepted"],
                ["cycle", pk["attente"], "waiting_list"],
                ["cycle", pk["refusee"], "rejected"],
                ["cycle", pk["renonce"], "accepted"],
                ["cycle", pk["salariee"], "ask_employer"],
                ["call", pk["projeta"], "accepted"],
                ["call", pk["projetw"], "waiting_list"],
                ["call", pk["projetr"], "rejected"],
            ]
        },
    )
    assert moves.returncode == 0, moves.stderr[-3000:]
    first = ["retenue", "attente", "refusee", "renonce", "projeta", "projetw", "projetr"]
    waiting(
        stack,
        lambda: (
            all(received(stack, address(n)) for n in first)
            and received(stack, address("drh-salariee"))
        ),
        "one message per decision",
    )

    visitor = stack.proxy("127.0.9.1")
    # Retenue: the link opens the place page, which confirms the place (one more message).
    accepted = received(stack, address("retenue"))[0]
    assert "confirmez votre place" in accepted["Subject"]
    place = visitor.get(path_in(accepted))
    assert place.status == 200 and "Je confirme ma place" in place.text
    assert visitor.post(path_in(accepted), {"place": "confirmer"}).status == 302
    # The employer answers through their link: the candidate is told.
    employer = stack.proxy("127.0.9.2")
    request = received(stack, address("drh-salariee"))[0]
    assert employer.get(path_in(request)).status == 200
    assert employer.post(path_in(request), {"answer": "accord"}).status == 302
    # Renonce: declining frees the place (a message) and offers it to « promue » (another).
    declining = stack.proxy("127.0.9.3")
    offer = received(stack, address("renonce"))[0]
    declining.get(path_in(offer))
    assert declining.post(path_in(offer), {"place": "renoncer"}).status == 302
    waiting(
        stack,
        lambda: (
            len(received(stack, address("retenue"))) == 2
            and received(stack, address("salariee"))
            and len(received(stack, address("renonce"))) == 2
            and received(stack, address("promue"))
        ),
        "the confirmation, the employer's answer, the freed place and the promotion",
    )
    promoted = received(stack, address("promue"))[0]
    assert "Une place vous est proposée" in promoted["Subject"]
    assert "Je confirme ma place" in stack.proxy("127.0.9.4").get(path_in(promoted)).text
    time.sleep(3)  # a few sweeps more: nothing arrives twice

    subjects = {
        n: [" ".join(m["Subject"].split()) for m in received(stack, address(n))] for n in cycle
    }
    assert len(subjects["retenue"]) == 2 and "confirmez votre place" in subjects["retenue"][0]
    assert subjects["retenue"][1].startswith("Place confirmée : candidature HE-T")
    assert [s.split(" — ")[0] for s in subjects["salariee"]] == [
        "Votre employeur a donné son accord"
    ]
    assert len(subjects["attente"]) == 1 and "liste d'attente" in subjects["attente"][0]
    assert len(subjects["refusee"]) == 1  # the demo's own text for a refusal
    assert "HE-T" in text_of(received(stack, address("refusee"))[0])
    assert len(subjects["renonce"]) == 2 and "votre place est libérée" in subjects["renonce"][1]
    assert len(subjects["promue"]) == 1
    for name, words in (
        ("projeta", "a retenu votre projet"),
        ("projetw", "liste complémentaire"),
        ("projetr", "n'a pas été retenu"),
    ):
        [message] = received(stack, address(name))
        assert words in " ".join(text_of(message).split()) and "AAP-T" in message["Subject"]
        if f"https://{HOST}/" in text_of(message):  # the follow-up page, to sign in
            assert visitor.get(path_in(message)).status == 302
    every = Counter(m["Message-ID"] for m in stack.smtp.mailbox.messages)
    assert max(every.values()) == 1

    for name, table in [
        *((n, "hautes_etudes_application") for n in cycle if n != "salariee"),
        *((n, "research_callapplication") for n in ("projeta", "projetw", "projetr")),
    ]:
        decided, deliveries = sent_dates(stack, table, pk[name])
        assert decided is not None and decided == deliveries[-1], name


def test_a_process_killed_between_commit_and_send_still_sends_once(stack):
    setup = manage_shell(stack, SETUP, {"cycle": {"tuee": "submitted"}, "calls": []})
    assert setup.returncode == 0, setup.stderr[-3000:]
    pk = json.loads(setup.stdout.strip().splitlines()[-1])["tuee"]

    killed = manage_shell(stack, KILLED, {"pk": pk})

    assert killed.returncode == -9
    [(message_id,)] = stack.query(
        "SELECT message_id FROM ints_portal_outboxmessage WHERE object_id = %s "
        "AND kind = 'decision:rejected'",
        pk,
    )
    assert stack.query("SELECT status FROM hautes_etudes_application WHERE id = %s", pk) == [
        ("rejected",)
    ]
    wait_for(
        lambda: message_id in stack.smtp.mailbox.ids(), timeout=30, what="the sweep's delivery"
    )
    time.sleep(3)
    assert stack.smtp.mailbox.ids().count(message_id) == 1
    assert len(received(stack, address("tuee"))) == 1
    decided, deliveries = sent_dates(stack, "hautes_etudes_application", pk)
    assert decided is not None and decided == deliveries[0]
