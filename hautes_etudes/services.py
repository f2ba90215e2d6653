"""What happens to applications after selection: the employer's agreement through a link,
confirmation of places, the waiting list, and the purge of personal data."""

import datetime
import secrets

from django.db import transaction
from django.db.models import Avg, F, Q
from django.urls import reverse
from django.utils import timezone

from hautes_etudes.models import Application, Edition, retention_days
from ints_portal.applications.models import ApplicationStatus, hash_token
from ints_portal.emails import send_templated_email


def ask_employer(application):
    """Email the employer a link to agree online; only the token's hash is stored."""
    raw = secrets.token_urlsafe(32)
    Application.objects.filter(pk=application.pk).update(employer_token_hash=hash_token(raw))
    send_templated_email(
        to=application.employer_email,
        template_prefix="hautes_etudes/email/employer",
        context={
            "application": application,
            "edition": application.parent,
            "link": reverse("hautes_etudes:employer_agreement", args=[raw]),
        },
    )
    return raw


def application_for_employer(raw):
    if not raw or len(raw) > 100:
        return None
    return (
        Application.objects.select_related("parent")
        .filter(employer_token_hash=hash_token(raw), anonymised_at=None)
        .first()
    )


def accept(application, *, now=None):
    """Offer a place: the candidate has the edition's confirmation delay to confirm it."""
    now = now or timezone.now()
    application.status = ApplicationStatus.ACCEPTED
    application.status_changed_at = now
    application.confirm_before = now + datetime.timedelta(days=application.parent.confirmation_days)
    application.decision_sent_at = None
    application.save(
        update_fields=[
            "status",
            "status_changed_at",
            "confirm_before",
            "decision_sent_at",
            "updated_at",
        ]
    )


def confirm_place(application, *, now=None):
    now = now or timezone.now()
    if not application.awaiting_confirmation or now >= application.confirm_before:
        return False
    Application.objects.filter(pk=application.pk).update(confirmed_at=now)
    return True


def decline_place(application, *, now=None):
    """The candidate gives up their place: it goes to the first on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            status=ApplicationStatus.WITHDRAWN, status_changed_at=now
        )
        return promote_from_waiting_list(application.parent, now=now)


def expire_places(*, now=None):
    """Places not confirmed in time are withdrawn and offered to the waiting list."""
    now = now or timezone.now()
    promoted = []
    expired = Application.objects.filter(
        status=ApplicationStatus.ACCEPTED, confirmed_at=None, confirm_before__lte=now
    ).select_related("parent")
    for application in expired:
        with transaction.atomic():
            Application.objects.filter(pk=application.pk).update(
                status=ApplicationStatus.WITHDRAWN, status_changed_at=now
            )
            nxt = promote_from_waiting_list(application.parent, now=now)
            if nxt:
                promoted.append(nxt)
    return promoted


def waiting_list(edition):
    """In the committee's order: best average first, then the earliest application."""
    return (
        Application.objects.filter(parent=edition, status=ApplicationStatus.WAITING_LIST)
        .annotate(average=Avg("reviews__score", filter=Q(reviews__has_conflict=False)))
        .order_by(F("average").desc(nulls_last=True), "submitted_at", "pk")
    )


def promote_from_waiting_list(edition, *, now=None):
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    candidate = waiting_list(edition).first()
    if candidate is None:
        return None
    accept(candidate, now=now)
    send_templated_email(
        to=candidate.email,
        template_prefix="hautes_etudes/email/promoted",
        context={
            "application": candidate,
            "edition": edition,
            "link": reverse("hautes_etudes:application_status"),
        },
    )
    return candidate


def anonymise(application, *, now=None):
    """Keep what statistics need (category, region, kind of employer, status); erase the rest."""
    for attachment in application.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
    application.reviews.update(comment="")
    Application.objects.filter(pk=application.pk).update(
        email=f"anonyme-{application.pk}@invalid.invalid",
        data={},
        last_name="",
        first_name="",
        position="",
        employer="",
        employer_email="",
        token_hash=hash_token(secrets.token_urlsafe(32)),
        employer_token_hash="",
        anonymised_at=now or timezone.now(),
    )


def purge(*, now=None, dry_run=False):
    """Delete drafts and anonymise decided applications past their retention period.
    Returns (deleted drafts, anonymised applications)."""
    now = now or timezone.now()
    drafts = Application.objects.filter(
        status=ApplicationStatus.DRAFT, updated_at__lt=now - retention_days("draft")
    )
    deleted = 0
    for draft in drafts:
        deleted += 1
        if not dry_run:
            for attachment in draft.attachments.all():
                attachment.file.delete(save=False)
            draft.delete()
    anonymised = 0
    for status in [s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]:
        due = Application.objects.filter(
            status=status,
            anonymised_at=None,
            status_changed_at__lt=now - retention_days(status),
        )
        for application in due:
            anonymised += 1
            if not dry_run:
                anonymise(application, now=now)
    return deleted, anonymised


def personal_data(email):
    """Everything held on one person (right of access): a JSON-serialisable dict."""
    email = email.strip().lower()
    applications = []
    for application in (
        Application.objects.filter(email__iexact=email)
        .select_related("parent", "region")
        .prefetch_related("attachments")
    ):
        applications.append(
            {
                "reference": application.reference,
                "edition": str(application.parent),
                "status": application.get_status_display(),
                "email": application.email,
                "answers": application.data,
                "created_at": application.created_at.isoformat(),
                "submitted_at": application.submitted_at and application.submitted_at.isoformat(),
                "status_changed_at": application.status_changed_at
                and application.status_changed_at.isoformat(),
                "employer_agreed_at": application.employer_agreed_at
                and application.employer_agreed_at.isoformat(),
                "documents": [
                    {"slot": a.slot, "size": a.size, "uploaded_at": a.uploaded_at.isoformat()}
                    for a in application.attachments.all()
                ],
            }
        )
    return {"email": email, "hautes_etudes": applications}
