"""The application models that hold personal data, registered by their own app, and the purge
and right-of-access export of each: every registration here is a section of the one privacy
registry (core/privacy.py), which the commands run.

A registration names what is personal on the model (`personal_fields`, emptied by the purge)
and how long each status is kept (`retention`). What every application shares is handled
here: answers, email, link tokens, files, and the free text reviewers and staff wrote about
the person (conflict reasons, comments, notes of the history)."""

import secrets
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from applications.models import ApplicationEvent, ApplicationStatus, hash_token
from core import privacy as core_privacy
from core.models import OutboxMessage


@dataclass(frozen=True)
class Registration:
    key: str  # the export's section, e.g. "hautes_etudes"
    title: str  # in the purge's report
    model: type
    retention: object  # callable(status) -> timedelta
    personal_fields: tuple = field(default_factory=tuple)
    summary: object = None  # callable(application) -> dict of extra exported fields


_registry = {}


def register(*, key, title, model, retention, personal_fields=(), summary=None):
    """Declare an application model to the purge and the export (once per model)."""
    registration = Registration(key, title, model, retention, tuple(personal_fields), summary)
    _registry[key] = registration
    core_privacy.register(
        key=key,
        title=title,
        export=lambda email: _export_rows(registration, email),
        purge=lambda *, now, dry_run: _purge_report(registration, now=now, dry_run=dry_run),
    )


def registrations():
    return list(_registry.values())


def anonymise(*, application, personal_fields=(), now=None):
    """Keep what statistics need (status, summary columns not listed); erase the rest.

    Side effects: deletes the files and their rows; empties the reviewers' comments and
    conflict reasons, the notes of the history, the answers and the personal columns;
    replaces the email and both link tokens; deletes the messages sent about it (they hold
    the address); sets anonymised_at."""
    now = now or timezone.now()
    model = type(application)
    with transaction.atomic():
        _delete_messages(application)
        for attachment in application.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
        application.reviews.update(comment="", conflict_reason="")
        ApplicationEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=application.pk
        ).update(note="")
        values = dict.fromkeys(personal_fields, "")
        if any(f.name == "employer_token_hash" for f in model._meta.fields):
            values["employer_token_hash"] = ""
        model.objects.filter(pk=application.pk).update(
            email=f"anonyme-{application.pk}@invalid.invalid",
            data={},
            token_hash=hash_token(secrets.token_urlsafe(32)),
            anonymised_at=now,
            **values,
        )


def _delete_messages(application):
    OutboxMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(type(application)),
        object_id=application.pk,
    ).delete()


def _delete_draft(draft):
    for attachment in draft.attachments.all():
        attachment.file.delete(save=False)
    _delete_messages(draft)
    draft.delete()


def purge(*, now=None, dry_run=False):
    """Delete drafts and anonymise decided applications past their retention period, on every
    registered model. Returns [(title, deleted drafts, anonymised applications)].

    Side effects: see anonymise(); deletes drafts and their files (nothing when dry_run)."""
    now = now or timezone.now()
    return [
        (registration.title, *_purge_one(registration, now=now, dry_run=dry_run))
        for registration in registrations()
    ]


def _purge_report(registration, *, now, dry_run):
    deleted, anonymised = _purge_one(registration, now=now, dry_run=dry_run)
    return f"{deleted} brouillon(s) supprimé(s), {anonymised} candidature(s) anonymisée(s)"


def _purge_one(registration, *, now, dry_run):
    model = registration.model
    drafts = model.objects.filter(
        status=ApplicationStatus.DRAFT,
        updated_at__lt=now - registration.retention(ApplicationStatus.DRAFT),
    )
    deleted = anonymised = 0
    for draft in drafts:
        deleted += 1
        if not dry_run:
            _delete_draft(draft)
    for status in [s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]:
        due = model.objects.filter(
            status=status,
            anonymised_at=None,
            status_changed_at__lt=now - registration.retention(status),
        )
        for application in due:
            anonymised += 1
            if not dry_run:
                anonymise(
                    application=application,
                    personal_fields=registration.personal_fields,
                    now=now,
                )
    return deleted, anonymised


def _iso(value):
    return value.isoformat() if value else None


def export_person(*, email):
    """Everything the applications hold on one person (right of access), every pillar: a
    JSON-serialisable dict (core.privacy.export_person adds the other sections)."""
    email = email.strip().lower()
    result = {"email": email}
    for registration in registrations():
        result[registration.key] = _export_rows(registration, email)
    return result


def _export_rows(registration, email):
    rows = []
    for application in (
        registration.model.objects.filter(email__iexact=email)
        .select_related("parent")
        .prefetch_related("attachments")
    ):
        rows.append(
            {
                "reference": application.reference,
                "parent": str(application.parent),
                "status": str(application.get_status_display()),
                "email": application.email,
                "answers": application.data,
                "created_at": _iso(application.created_at),
                "submitted_at": _iso(application.submitted_at),
                "status_changed_at": _iso(application.status_changed_at),
                "documents": [
                    {"slot": a.slot, "size": a.size, "uploaded_at": _iso(a.uploaded_at)}
                    for a in application.attachments.all()
                ],
                **(registration.summary(application) if registration.summary else {}),
            }
        )
    return rows
