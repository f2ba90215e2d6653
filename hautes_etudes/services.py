"""What happens to applications after selection: the employer's agreement through a link,
asked only when the applicant submits or says so (places: applications.places)."""

import datetime

from django.db import transaction
from django.utils import timezone

from applications import decisions
from applications.models import ApplicationStatus, DecisionKind, hash_token
from applications.workflow import UNDER_REVIEW
from core.emails import send_templated_email
from hautes_etudes.models import Application

EMPLOYER_LINK_AGE = datetime.timedelta(days=30)
EMPLOYER_OPEN = {ApplicationStatus.DRAFT, *UNDER_REVIEW}


def ask_employer(*, application):
    """Email the employer named in the answers a link to agree or refuse online; the
    agreement is bound to that address (only the token's hash is stored).

    Side effects: saves the employer's address, token hash and request date (clearing any
    earlier answer); queues one email to the employer, its link rendered when it is sent."""
    data = application.data
    application.employer_email = data.get("employer_email", "").strip().lower()
    application.employer_asked_at = timezone.now()
    application.employer_agreed_at = application.employer_refused_at = None
    application.employer_refusal_reason = ""
    link = application.employer_link()  # sets the token's hash
    application.save(update_fields=EMPLOYER_FIELDS)
    send_templated_email(
        to=application.employer_email,
        template_prefix="hautes_etudes/email/employer",
        context={
            "application": application,
            "candidate": f"{data.get('first_name', '')} {data.get('last_name', '')}".strip(),
            "edition": application.parent,
            "link": link,
        },
        about=application,
        kind="employer:request",
    )
    return application.employer_token()


EMPLOYER_FIELDS = [
    "employer_email",
    "employer_token_hash",
    "employer_asked_at",
    "employer_agreed_at",
    "employer_refused_at",
    "employer_refusal_reason",
    "updated_at",
]


def void_changed_employer(*, application):
    """The applicant named another employer: what the former one said no longer counts.

    Side effects: clears the agreement, the refusal and the link when the address in the
    answers differs from the one the agreement was asked from."""
    wanted = application.data.get("employer_email", "").strip().lower()
    if not application.employer_asked_at or wanted == application.employer_email:
        return False
    application.employer_token_hash = ""
    application.employer_asked_at = application.employer_agreed_at = None
    application.employer_refused_at = None
    application.employer_refusal_reason = ""
    application.save(update_fields=EMPLOYER_FIELDS)
    return True


def application_for_employer(raw, *, now=None):
    """The application an employer's link is for, while it may still be answered: asked less
    than EMPLOYER_LINK_AGE ago, and no decision or withdrawal recorded."""
    if not raw or len(raw) > 200:
        return None
    now = now or timezone.now()
    return (
        Application.objects.select_related("parent")
        .filter(
            employer_token_hash=hash_token(raw),
            anonymised_at=None,
            status__in=EMPLOYER_OPEN,
            employer_asked_at__gt=now - EMPLOYER_LINK_AGE,
        )
        .first()
    )


def answer_employer(*, application, agreed, reason=""):
    """The employer agrees, or refuses with a reason; the candidate is told.

    Side effects: saves the answer and its date; queues the candidate's message (the
    pillar's template for this answer) in the same transaction."""
    now = timezone.now()
    application.employer_agreed_at = now if agreed else None
    application.employer_refused_at = None if agreed else now
    application.employer_refusal_reason = "" if agreed else reason
    with transaction.atomic():
        application.save(
            update_fields=[
                "employer_agreed_at",
                "employer_refused_at",
                "employer_refusal_reason",
                "updated_at",
            ]
        )
        decisions.queue(
            application=application,
            kind=DecisionKind.EMPLOYER_AGREED if agreed else DecisionKind.EMPLOYER_REFUSED,
            prefix=decisions.EMPLOYER_PREFIX,
        )
