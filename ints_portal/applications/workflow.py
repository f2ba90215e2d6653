"""The one state machine of an application, for both pillars.

`TRANSITIONS` declares every allowed move (les-emplois style); `transition()` is the only code
that writes an application's status: it checks the move, saves with `update_fields`, writes an
`ApplicationEvent` row and queues the applicant's email after commit. Each pillar declares its
specifics on its model (`CONFIRMS_PLACE`, `TRANSITION_EMAILS`, `on_transition`)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ints_portal.applications.models import ApplicationEvent, ApplicationStatus
from ints_portal.emails import send_templated_email

S = ApplicationStatus
UNDER_REVIEW = frozenset({S.SUBMITTED, S.COMPLETE, S.SHORTLISTED, S.INTERVIEW})

# target status: the statuses it may be reached from
TRANSITIONS = {
    S.SUBMITTED: frozenset({S.DRAFT}),
    S.COMPLETE: frozenset({S.SUBMITTED}),
    S.SHORTLISTED: frozenset({S.SUBMITTED, S.COMPLETE, S.INTERVIEW}),
    S.INTERVIEW: frozenset({S.COMPLETE, S.SHORTLISTED}),
    S.WAITING_LIST: UNDER_REVIEW,
    S.ACCEPTED: UNDER_REVIEW | {S.WAITING_LIST},
    S.REJECTED: UNDER_REVIEW | {S.WAITING_LIST},
    S.CONFIRMED: frozenset({S.ACCEPTED}),
    S.WITHDRAWN: UNDER_REVIEW | {S.WAITING_LIST, S.ACCEPTED, S.CONFIRMED},
}

# What the applicant reads in their history, in plain French.
HISTORY_LABELS = {
    S.SUBMITTED: _("Candidature déposée"),
    S.COMPLETE: _("Dossier déclaré complet"),
    S.SHORTLISTED: _("Candidature présélectionnée"),
    S.INTERVIEW: _("Convocation à un entretien"),
    S.WAITING_LIST: _("Inscription sur la liste d'attente"),
    S.ACCEPTED: _("Candidature retenue"),
    S.REJECTED: _("Candidature non retenue"),
    S.CONFIRMED: _("Place confirmée"),
    S.WITHDRAWN: _("Candidature retirée"),
}


class TransitionNotAllowed(Exception):
    """The move is not in the table (e.g. accepting a withdrawn application)."""

    def __init__(self, source, target):
        self.source, self.target = source, target
        super().__init__(f"{source} → {target}")


def allowed(source, target):
    return source in TRANSITIONS.get(target, ())


def transition(*, application, to, by, note=""):
    """Move `application` to status `to`, on behalf of `by` (a user, or None for the applicant
    or the system). Raises TransitionNotAllowed when the table refuses the move.

    Side effects: saves the application (status, dates and the pillar's own fields, with
    update_fields), writes one ApplicationEvent row, and queues the pillar's email for this
    move (if any) to be sent once the transaction commits.
    """
    source = application.status
    if not allowed(source, to):
        raise TransitionNotAllowed(source, to)
    now = timezone.now()
    application.status = to
    application.status_changed_at = now
    application.decision_sent_at = None
    changed = application.on_transition(source=source, target=to, now=now)
    application.save(
        update_fields=[
            "status",
            "status_changed_at",
            "decision_sent_at",
            "updated_at",
            *changed,
        ]
    )
    ApplicationEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(application)),
        object_id=application.pk,
        by=by if getattr(by, "pk", None) else None,
        at=now,
        source=source,
        target=to,
        note=note,
    )
    template = application.TRANSITION_EMAILS.get(
        (source, to), application.TRANSITION_EMAILS.get((None, to))
    )
    if template:
        transaction.on_commit(lambda: _send(application, template))
    return application


def _send(application, template):
    send_templated_email(
        to=application.email,
        template_prefix=template,
        context={
            "application": application,
            "title": application.selection_title(),
            "link": application.status_path(),
            "confirm_link": application.confirmation_path() if application.CONFIRMS_PLACE else "",
        },
    )


def history(application):
    """[(date, French label)] of the application's moves, oldest first (for the applicant)."""
    return [
        (event.at, HISTORY_LABELS[event.target])
        for event in ApplicationEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(type(application)),
            object_id=application.pk,
        )
    ]
