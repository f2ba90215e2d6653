"""The one state machine of an application, for both pillars.

`TRANSITIONS` declares every allowed move (les-emplois style); `transition()` is the only code
that writes an application's status: under a row lock it checks the move, saves with
`update_fields`, writes an `ApplicationEvent` row and the outbox row of the applicant's message
in the same transaction. Each pillar declares its specifics on its model (`CONFIRMS_PLACE`,
`TRANSITION_EMAILS`, `DECISIONS` and their default texts, `on_transition`)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import decisions
from applications.models import ApplicationEvent, ApplicationStatus
from core.emails import send_templated_email

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

# The secretariat's moves, in the order of the back-office list's action menu: target status:
# the label of its action (applications/admin.py makes one `mark_<status>` action of each).
# The other targets are the applicant's acts (submit, confirm, withdraw) or the portal's.
STAFF_ACTIONS = {
    S.COMPLETE: _("Marquer comme complète"),
    S.SHORTLISTED: _("Présélectionner"),
    S.INTERVIEW: _("Convoquer à un entretien"),
    S.ACCEPTED: _("Retenir"),
    S.WAITING_LIST: _("Mettre en liste d'attente"),
    S.REJECTED: _("Ne pas retenir"),
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

    The row is re-read under a lock (SELECT … FOR UPDATE) and the move checked against the
    status read there, not the copy in memory: of two concurrent moves, the second sees the
    first's result. The caller's instance gets the new values.

    Side effects, in one transaction: saves the application (status, dates and the pillar's
    own fields, with update_fields), writes one ApplicationEvent row and queues (an
    OutboxMessage row) the move's email and its decision message, if any; a worker sends them
    after the commit, or the outbox sweep if that wake-up is lost.
    """
    model = type(application)
    with transaction.atomic():
        locked = (
            model.objects.select_for_update(of=("self",))
            .select_related("parent")
            .get(pk=application.pk)
        )
        source = locked.status
        if not allowed(source, to):
            raise TransitionNotAllowed(source, to)
        now = timezone.now()
        locked.status = to
        locked.status_changed_at = now
        locked.decision_sent_at = None
        changed = locked.on_transition(source=source, target=to, now=now)
        fields = ["status", "status_changed_at", "decision_sent_at", "updated_at", *changed]
        locked.save(update_fields=fields)
        ApplicationEvent.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            by=by if getattr(by, "pk", None) else None,
            at=now,
            source=source,
            target=to,
            note=note,
        )
        template = model.TRANSITION_EMAILS.get(
            (source, to), model.TRANSITION_EMAILS.get((None, to))
        )
        if template:
            _send(locked, template)
        if kind := decisions.kind_for_move(model, source, to):
            decisions.queue(application=locked, kind=kind)
    for name in fields:
        setattr(application, name, getattr(locked, name))
    return application


def _send(application, template):
    send_templated_email(
        to=application.email,
        template_prefix=template,
        context={
            "application": application,
            "title": application.selection_title(),
            "link": application.status_path(),
        },
        about=application,
        kind=f"transition:{application.status}",
    )


def history(application):
    """[(date, French label)] for the applicant, oldest first: the moves, the pillar's own
    facts (`history_facts`, e.g. the employer's answer) and the messages sent to them."""
    rows = [
        (event.at, HISTORY_LABELS[event.target])
        for event in ApplicationEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(type(application)),
            object_id=application.pk,
        )
    ]
    rows += application.history_facts()
    rows += [
        (message.sent_at, _("Message envoyé : « %(subject)s »") % {"subject": message.subject})
        for message in decisions.messages_of(application).filter(sent_at__isnull=False)
        if application.email in message.recipients
    ]
    return sorted(rows, key=lambda row: row[0])
