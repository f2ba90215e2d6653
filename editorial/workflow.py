"""The one editorial state machine, for staff content and outside contributions alike.

`MOVES` declares every allowed move once: from which states, to which, and who may make it
(the contributor of the object, or a holder of an editorial permission). `transition()` is the
only code that changes the state of an existing publishable object: under a row lock it checks
the move against the state read there, saves with `update_fields` and writes one
`EditorialEvent` in the same transaction.
"""

from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial import notifications
from editorial.models import EditorialEvent
from editorial.status import EditorialStatus as S

CONTRIBUTOR = "contributor"  # the person who proposed the object (obj.contributor)
PROPOSE = "editorial.propose_content"
REVIEW = "editorial.review_content"
PUBLISH = "editorial.publish_content"


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset
    target: str
    label: str
    by: tuple  # CONTRIBUTOR and/or permissions; any one suffices
    needs_message: bool = False


MOVES = (
    Move(
        "propose",
        frozenset({S.DRAFT, S.CHANGES_REQUESTED}),
        S.PROPOSED,
        _("Proposer à la relecture"),
        (CONTRIBUTOR, PROPOSE),
    ),
    Move(
        "take_up", frozenset({S.PROPOSED}), S.REVIEW, _("Prendre en relecture"), (REVIEW, PUBLISH)
    ),
    Move(
        "request_changes",
        frozenset({S.PROPOSED, S.REVIEW}),
        S.CHANGES_REQUESTED,
        _("Renvoyer à l'auteur"),
        (REVIEW, PUBLISH),
        needs_message=True,
    ),
    Move(
        "reject",
        frozenset({S.PROPOSED, S.REVIEW}),
        S.REJECTED,
        _("Refuser"),
        (PUBLISH,),
        needs_message=True,
    ),
    Move(
        "publish",
        frozenset({S.DRAFT, S.PROPOSED, S.REVIEW, S.ARCHIVED}),
        S.PUBLISHED,
        _("Publier"),
        (PUBLISH,),
    ),
    Move("archive", frozenset({S.PUBLISHED}), S.ARCHIVED, _("Dépublier (archiver)"), (PUBLISH,)),
    Move(
        "withdraw",
        frozenset({S.DRAFT, S.PROPOSED, S.CHANGES_REQUESTED}),
        S.WITHDRAWN,
        _("Retirer la proposition"),
        (CONTRIBUTOR,),
    ),
)
MOVES_BY_NAME = {move.name: move for move in MOVES}


class TransitionNotAllowed(Exception):
    """The move is not in the table from the object's state, or not for this person."""


def may(user, move, obj):
    if user is None or not user.is_authenticated:
        return False
    for who in move.by:
        if who == CONTRIBUTOR and obj.contributor_id == user.pk:
            return True
        if who != CONTRIBUTOR and user.has_perm(who):
            return True
    return False


def available_moves(obj, user):
    """The moves `user` may make on `obj` from its current state, in table order."""
    return [move for move in MOVES if obj.status in move.sources and may(user, move, obj)]


def transition(obj, move_name, *, by, message=""):
    """Make the move `move_name` on `obj` on behalf of `by`; raises TransitionNotAllowed when the
    table or the person's rights refuse it. Returns the EditorialEvent written.

    Side effects, in one transaction under the object's row lock: saves the state (and
    submitted_at, a contribution's publication date), one EditorialEvent, one revision (its
    comment names the move), and the outbox messages of editorial.notifications (the
    contributor; the editors when it is proposed)."""
    move = MOVES_BY_NAME[move_name]
    if move.needs_message and not message.strip():
        raise TransitionNotAllowed(_("Un message est nécessaire pour ce changement."))
    model = type(obj)
    with transaction.atomic(), reversion.create_revision():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        source = locked.status
        if source not in move.sources or not may(by, move, locked):
            raise TransitionNotAllowed(f"{move_name}: {source} → {move.target}")
        now = timezone.now()
        fields = ["status"]
        locked.status = move.target
        if move.target == S.PROPOSED:
            locked.submitted_at = now
            fields.append("submitted_at")
        # A contribution is dated from its first publication; a staff date (a scheduled one
        # included) is kept.
        if (
            move.target == S.PUBLISHED
            and source != S.ARCHIVED
            and locked.contributor_id
            and hasattr(locked, "publication_date")
        ):
            locked.publication_date = now
            fields.append("publication_date")
        locked.save(update_fields=fields)
        event = EditorialEvent.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            by=by if by is not None and by.is_authenticated else None,
            at=now,
            source=source,
            target=move.target,
            message=message.strip(),
        )
        if event.by is not None:
            reversion.set_user(event.by)
        reversion.set_comment(f"{move.label} ({locked.get_status_display()})")
        notifications.state_changed(obj=locked, event=event)
    for field in fields:
        setattr(obj, field, getattr(locked, field))
    return event


def record_creation(obj, *, by, message=""):
    """Log that staff created `obj` directly in its state (a CSV import, a demo loader): the one
    other way a state is written, at creation only. Returns the EditorialEvent.

    Side effects: one EditorialEvent (source and target: the initial state)."""
    return EditorialEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        by=by if by is not None and by.is_authenticated else None,
        at=timezone.now(),
        source=obj.status,
        target=obj.status,
        message=message,
    )
