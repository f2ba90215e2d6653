"""Demo of the selection, in DEBUG only: per pillar a secretariat account and two committee
accounts (printed once with their password and TOTP key in base32, as authenticator apps
expect) and a dozen applications across statuses, some assigned and scored. Idempotent:
accounts and applications are looked up by username and email.

Statuses are reached through workflow.transition(), as in real life (each move logged)."""

import base64
import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ints_portal.applications.models import ApplicationStatus
from ints_portal.applications.workflow import transition
from ints_portal.roles import CALLS, CYCLE

S = ApplicationStatus
# The path from draft to each demo status (every move is in the transition table).
PATHS = {
    S.SUBMITTED: [S.SUBMITTED],
    S.COMPLETE: [S.SUBMITTED, S.COMPLETE],
    S.SHORTLISTED: [S.SUBMITTED, S.COMPLETE, S.SHORTLISTED],
    S.INTERVIEW: [S.SUBMITTED, S.COMPLETE, S.SHORTLISTED, S.INTERVIEW],
    S.WAITING_LIST: [S.SUBMITTED, S.COMPLETE, S.WAITING_LIST],
    S.REJECTED: [S.SUBMITTED, S.REJECTED],
}
STATUSES = [
    S.SUBMITTED,
    S.SUBMITTED,
    S.SUBMITTED,
    S.COMPLETE,
    S.COMPLETE,
    S.COMPLETE,
    S.SHORTLISTED,
    S.SHORTLISTED,
    S.INTERVIEW,
    S.WAITING_LIST,
    S.WAITING_LIST,
    S.REJECTED,
]
NAMES = [
    ("Awa", "Diallo"),
    ("Lucas", "Bernard"),
    ("Inès", "Moreau"),
    ("Hugo", "Petit"),
    ("Léa", "Roux"),
    ("Nora", "Haddad"),
    ("Paul", "Garnier"),
    ("Chloé", "Faure"),
    ("Yanis", "Mercier"),
    ("Emma", "Blanc"),
    ("Sami", "Lefèvre"),
    ("Julie", "Chevalier"),
]


def load(*, stdout):
    """Side effects: creates the accounts (with a confirmed TOTP device) and the applications
    once; prints the new accounts' credentials on `stdout`."""
    if not settings.DEBUG:
        return
    from hautes_etudes.models import Application, Edition, Review
    from research.calls.models import Call, CallApplication, CallReview

    edition = Edition.objects.current()
    call = Call.objects.order_by("-closes_at").first()
    for key, roles, parent, model, review_model in (
        ("cycle", CYCLE, edition, Application, Review),
        ("aap", CALLS, call, CallApplication, CallReview),
    ):
        if parent is None:
            continue
        members = _accounts(key, roles, stdout)
        _applications(key, parent, model, review_model, members[1:])


def _accounts(key, roles, stdout):
    User = get_user_model()
    accounts = []
    for username, group, first, last in (
        (f"demo-secretariat-{key}", roles.secretariat, "Sacha", "Secrétariat"),
        (f"demo-comite-{key}-1", roles.committee, "Claire", "Comité"),
        (f"demo-comite-{key}-2", roles.committee, "Marc", "Comité"),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                password=password,
                email=f"{username}@example.org",
                is_staff=True,
                first_name=first,
                last_name=f"{last} {key.upper()}",
            )
            user.groups.add(Group.objects.get(name=group))
            device = TOTPDevice.objects.create(user=user, name="démo", confirmed=True)
            secret = base64.b32encode(bytes.fromhex(device.key)).decode()
            stdout.write(
                f"Compte de démonstration ({group}) : {username} / {password} — "
                f"clé TOTP (base32) : {secret} (affiché une seule fois)"
            )
        accounts.append(user)
    return accounts


def _applications(key, parent, model, review_model, reviewers):
    now = timezone.now()
    for n, (status, (first, last)) in enumerate(zip(STATUSES, NAMES, strict=True), start=1):
        email = f"candidat-{key}-{n}@example.org"
        if model.objects.filter(parent=parent, email=email).exists():
            continue
        application = model(parent=parent, email=email)
        application.issue_token()
        application.data = {"first_name": first, "last_name": last}
        application.sequence = 900 + n
        application.reference = f"{model.REFERENCE_PREFIX}-{parent.reference_year}-{900 + n}"
        application.submitted_at = now - datetime.timedelta(days=20 - n)
        for field, value in (
            ("first_name", first),
            ("last_name", last),
            ("lead_name", f"{first} {last}"),
            ("project_title", f"Projet de démonstration n° {n}"),
        ):
            if hasattr(application, field):
                setattr(application, field, value)
        application.save()
        for target in PATHS[status]:
            transition(application=application, to=target, by=None, note="Démonstration")
        if n <= 8:  # assigned to both members; the first six already scored
            for k, member in enumerate(reviewers):
                scored = n <= 6
                review_model.objects.create(
                    application=application,
                    reviewer=member,
                    has_conflict=False if scored else None,
                    declared_at=now if scored else None,
                    score=(10 + (n * 3 + k * 5) % 10) if scored else None,
                    scored_at=now if scored else None,
                )
