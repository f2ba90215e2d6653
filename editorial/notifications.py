"""Who hears of a move, through the outbox (core.emails), in the move's own transaction.

- The contributor of the object, at each change of its state made by someone else, with the
  message the reviewer or the editor wrote.
- When something is proposed, the editors of its territory or theme (the pillar's finder,
  editorial.registry.set_editors_finder; every editor when none is set or none matches),
  one mail per proposal while at most SUMMARY_THRESHOLD wait; beyond that, the daily summary
  (`manage.py send_editorial_summary`, scheduled in ints_portal/schedules.py) tells them all
  at once rather than flooding them.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.emails import send_templated_email
from editorial import registry
from editorial.status import EditorialStatus as S

SUMMARY_THRESHOLD = 5
WAITING = (S.PROPOSED, S.REVIEW)
PUBLISH_CODENAME = "publish_content"


def editors():
    """Every active member of staff who may publish (editors, curators, superusers)."""
    perm = Permission.objects.filter(
        content_type__app_label="editorial", codename=PUBLISH_CODENAME
    ).first()
    holds = Q(is_superuser=True)
    if perm is not None:
        holds |= Q(groups__permissions=perm) | Q(user_permissions=perm)
    return (
        get_user_model()
        .objects.filter(holds, is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def waiting_count():
    """Proposals waiting for an editor, every kind together (one query per kind)."""
    return sum(
        kind.model._default_manager.filter(status__in=WAITING).count() for kind in registry.kinds()
    )


def admin_path(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def state_changed(*, obj, event):
    """Side effects: queues the contributor's mail (if someone else moved their proposal) and,
    when it is proposed, the editors' mails (unless the daily summary takes over)."""
    contributor = obj.contributor
    if contributor is not None and contributor.email and event.by_id != contributor.pk:
        send_templated_email(
            to=contributor.email,
            template_prefix="editorial/emails/state_changed",
            context={
                "title": str(obj),
                "kind": _kind_label(obj),
                "state": obj.get_status_display(),
                "message": event.message,
                "published": obj.status == S.PUBLISHED,
                "url": _public_path(obj) if obj.status == S.PUBLISHED else "",
            },
            about=obj,
            kind="editorial.state_changed",
        )
    if event.target == S.PROPOSED and waiting_count() <= SUMMARY_THRESHOLD:
        recipients = _editors_of(obj)
        if recipients:
            send_templated_email(
                to=recipients,
                template_prefix="editorial/emails/proposed",
                context={
                    "title": str(obj),
                    "kind": _kind_label(obj),
                    "by": str(contributor or event.by or ""),
                    "admin_path": admin_path(obj),
                },
                about=obj,
                kind="editorial.proposed",
            )


def _public_path(obj):
    """The published page, or "" while its pillar has no public page for it yet (a mail
    without the link rather than a move refused)."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def _kind_label(obj):
    try:
        return registry.kind_of(type(obj)).label
    except KeyError:
        return str(obj._meta.verbose_name)


def _editors_of(obj):
    found = None
    try:
        found = registry.editors_for(obj)
    except KeyError:  # a model not registered: every editor
        found = None
    users = list(found) if found is not None else []
    if not users:
        users = list(editors())
    return sorted({u.email for u in users if u.email})


def waiting_items(*, limit_per_kind=200):
    """What waits, every kind, oldest proposal first: [(kind, obj)] (one query per kind)."""
    items = []
    for kind in registry.kinds():
        queryset = (
            kind.model._default_manager.filter(status__in=WAITING)
            .select_related("contributor")
            .order_by("submitted_at", "pk")[:limit_per_kind]
        )
        items += [(kind, obj) for obj in queryset]
    items.sort(key=lambda pair: (pair[1].submitted_at is None, pair[1].submitted_at))
    return items


def send_daily_summary(*, now=None):
    """One mail to every editor listing what waits, when more than SUMMARY_THRESHOLD wait
    (fewer were each announced when proposed). Returns the number of waiting proposals listed.

    Side effects: one OutboxMessage (all editors as recipients) or none."""
    now = now or timezone.now()
    items = waiting_items()
    if len(items) <= SUMMARY_THRESHOLD:
        return 0
    recipients = sorted({u.email for u in editors()})
    if not recipients:
        return 0
    rows = [
        {
            "kind": kind.label,
            "title": str(obj),
            "state": obj.get_status_display(),
            "days": (now - obj.submitted_at).days if obj.submitted_at else None,
            "admin_path": admin_path(obj),
        }
        for kind, obj in items
    ]
    send_templated_email(
        to=recipients,
        template_prefix="editorial/emails/daily_summary",
        context={
            "rows": rows,
            "count": len(rows),
            "late": sum(1 for row in rows if row["days"] is not None and row["days"] > 10),
            "queue_path": reverse("admin:editorial_moderation"),
        },
        kind="editorial.daily_summary",
    )
    return len(rows)
