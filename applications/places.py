"""Places offered to accepted candidates, for pillars whose model sets CONFIRMS_PLACE: the
deadline to confirm, declining, expiry, and the waiting list that fills freed places.

Every status change here goes through workflow.transition()."""

from django.apps import apps
from django.db import transaction
from django.db.models import Avg, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationBase, ApplicationStatus
from applications.workflow import transition


def place_models():
    """The concrete application models whose accepted candidates confirm their place."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ApplicationBase) and model.CONFIRMS_PLACE
    ]


def accept(*, application, by, note=""):
    """Offer a place: the candidate has the parent's confirmation delay to confirm it.

    Side effects: the ACCEPTED transition (deadline set by the model's hook, event row, email
    with the confirmation link after commit)."""
    return transition(application=application, to=ApplicationStatus.ACCEPTED, by=by, note=note)


def confirm_place(*, application, now=None):
    """The candidate confirms in time. Returns False when the place is no longer theirs.

    Side effects: the CONFIRMED transition."""
    now = now or timezone.now()
    if not application.awaiting_confirmation or now >= application.confirm_before:
        return False
    transition(application=application, to=ApplicationStatus.CONFIRMED, by=None)
    return True


def decline_place(*, application, note=""):
    """The candidate gives up their place: it goes to the first on the waiting list.

    Side effects: the WITHDRAWN transition, then a promotion from the waiting list."""
    with transaction.atomic():
        transition(application=application, to=ApplicationStatus.WITHDRAWN, by=None, note=note)
        return promote_from_waiting_list(model=type(application), parent=application.parent)


def expire_places(*, now=None):
    """Places not confirmed in time are withdrawn and offered to the waiting list; returns
    the candidates promoted.

    Side effects: a WITHDRAWN transition per expired place, a promotion for each."""
    now = now or timezone.now()
    promoted = []
    for model in place_models():
        expired = model.objects.filter(
            status=ApplicationStatus.ACCEPTED, confirm_before__lte=now
        ).select_related("parent")
        for application in expired:
            with transaction.atomic():
                transition(
                    application=application,
                    to=ApplicationStatus.WITHDRAWN,
                    by=None,
                    note=_("Place non confirmée dans le délai."),
                )
                candidate = promote_from_waiting_list(model=model, parent=application.parent)
                if candidate:
                    promoted.append(candidate)
    return promoted


def waiting_list(*, model, parent):
    """In the committee's order: best average first, then the earliest application."""
    return (
        model.objects.filter(parent=parent, status=ApplicationStatus.WAITING_LIST)
        .annotate(average=Avg("reviews__score", filter=Q(reviews__has_conflict=False)))
        .order_by(F("average").desc(nulls_last=True), "submitted_at", "pk")
    )


def promote_from_waiting_list(*, model, parent):
    """Offer the freed place to the first on the waiting list (if any).

    Side effects: locks the parent row (two freed places never go to the same person); the
    ACCEPTED transition of the candidate (whose email says a place was freed)."""
    parent = type(parent).objects.select_for_update().get(pk=parent.pk)
    candidate = waiting_list(model=model, parent=parent).select_related("parent").first()
    if candidate is None:
        return None
    return transition(
        application=candidate,
        to=ApplicationStatus.ACCEPTED,
        by=None,
        note=_("Place libérée, proposée depuis la liste d'attente."),
    )
