"""Contributors' proposals in the privacy registry (core/privacy.py): the export lists what a
person proposed, every kind; the purge deletes proposals never published after RETENTION
(drafts, withdrawn, refused, or sent back and never amended), with their move log, their
revisions and the mails about them. Published or archived contributions stay: their credit is
what the contributor chose to show."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from reversion.models import Version

from core import privacy
from core.models import OutboxMessage
from editorial import registry
from editorial.models import EditorialEvent
from editorial.status import EditorialStatus as S

RETENTION = datetime.timedelta(days=365)
UNPUBLISHED = (S.DRAFT, S.WITHDRAWN, S.REJECTED, S.CHANGES_REQUESTED)


def _iso(value):
    return value.isoformat() if value else None


def export(email):
    rows = []
    for kind in registry.kinds():
        for obj in kind.model._default_manager.filter(contributor__email__iexact=email):
            rows.append(
                {
                    "kind": str(kind.label),
                    "title": str(obj),
                    "status": str(obj.get_status_display()),
                    "credit_as": obj.credit_as,
                    "credit_text": obj.credit_text,
                    "submitted_at": _iso(obj.submitted_at),
                    "messages": list(
                        EditorialEvent.objects.filter(
                            content_type=ContentType.objects.get_for_model(kind.model),
                            object_id=obj.pk,
                        )
                        .exclude(message="")
                        .values_list("message", flat=True)
                    ),
                }
            )
    return rows


def due(*, now):
    """The proposals past their time, every kind: [(kind, queryset)]."""
    return [
        (
            kind,
            kind.model._default_manager.filter(
                contributor__isnull=False,
                status__in=UNPUBLISHED,
                updated_at__lt=now - RETENTION,
            ),
        )
        for kind in registry.kinds()
    ]


def purge(*, now, dry_run):
    """Side effects: deletes each proposal due, its EditorialEvents, its revisions and the
    outbox messages about it (nothing when dry_run)."""
    deleted = 0
    for kind, queryset in due(now=now):
        content_type = ContentType.objects.get_for_model(kind.model)
        for obj in queryset:
            deleted += 1
            if dry_run:
                continue
            with transaction.atomic():
                about = {"content_type": content_type, "object_id": obj.pk}
                EditorialEvent.objects.filter(**about).delete()
                OutboxMessage.objects.filter(**about).delete()
                Version.objects.get_for_object(obj).delete()
                obj.delete()
    return f"{deleted} proposition(s) jamais publiée(s) supprimée(s)"


def register():
    privacy.register(
        key="contributions",
        title="Propositions des contributeurs",
        export=export,
        purge=purge,
    )
