from django.utils import timezone

from ints_portal.applications.models import ApplicationStatus
from research.calls.models import CallApplication, retention_days


def purge(*, now=None, dry_run=False):
    """Same rules as the cycle (drafts deleted, decided answers anonymised after their time);
    funded projects are kept longer (INTS_RETENTION_FUNDED_DAYS)."""
    import secrets

    from ints_portal.applications.models import hash_token

    now = now or timezone.now()
    deleted = anonymised = 0
    for draft in CallApplication.objects.filter(
        status=ApplicationStatus.DRAFT, updated_at__lt=now - retention_days("draft")
    ):
        deleted += 1
        if not dry_run:
            for attachment in draft.attachments.all():
                attachment.file.delete(save=False)
            draft.delete()
    for status in [s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]:
        for application in CallApplication.objects.filter(
            status=status, anonymised_at=None, status_changed_at__lt=now - retention_days(status)
        ):
            anonymised += 1
            if dry_run:
                continue
            for attachment in application.attachments.all():
                attachment.file.delete(save=False)
                attachment.delete()
            application.reviews.update(comment="")
            CallApplication.objects.filter(pk=application.pk).update(
                email=f"anonyme-{application.pk}@invalid.invalid",
                data={},
                lead_name="",
                token_hash=hash_token(secrets.token_urlsafe(32)),
                anonymised_at=now,
            )
    return deleted, anonymised


def personal_data(email):
    return [
        {
            "reference": a.reference,
            "call": str(a.parent),
            "status": a.get_status_display(),
            "answers": a.data,
            "created_at": a.created_at.isoformat(),
            "documents": [{"slot": d.slot, "size": d.size} for d in a.attachments.all()],
        }
        for a in CallApplication.objects.filter(email__iexact=email.strip())
        .select_related("parent")
        .prefetch_related("attachments")
    ]
