"""The message each decision sends to its applicant, for both pillars.

A move of the workflow (workflow.transition) or an employer's answer queues one message, in
the transaction that records it: its text is the pillar's editable template for the parent
(edition, call), else the one for every parent, else the French default the model declares.
The confirmation link is a SecretLink, rendered when the message is sent (nothing usable is
stored). The application's « décision envoyée le » is set when the outbox delivers the
message (on_sent hook below), not when it is queued. « Renvoyer » queues the same message
again: same text, same link.

register() runs in IntsPortalConfig.ready(), so the worker that sends knows the links and the
hook.
"""

from string import Template

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import date_format

from applications.models import CONFIRM_LINK_KINDS, ApplicationBase
from core import links, outbox
from core.emails import send_again, send_templated_email
from core.models import OutboxMessage

DECISION_PREFIX = "decision:"  # kind of the messages that answer a status (decision_sent_at)
EMPLOYER_PREFIX = "employer:"  # the employer's answer, told to the candidate


def kind_for_move(model, source, target):
    return model.DECISIONS.get((source, target), model.DECISIONS.get((None, target)))


def template_for(application, kind):
    """(subject, body) with $placeholders: the parent's template, the general one, the
    default."""
    needs_link = application.CONFIRMS_PLACE and kind in CONFIRM_LINK_KINDS
    chosen = None
    for template in application.decision_templates():
        if template.status != kind or (needs_link and "$lien_confirmation" not in template.body):
            continue  # a template saved before the rule was checked: the default has the link
        if chosen is None or template.parent_id is not None:
            chosen = template
    if chosen is not None:
        return chosen.subject, chosen.body
    subject, body = type(application).DEFAULT_DECISIONS[kind]
    return str(subject), str(body)


def placeholder_values(application, *, kind, confirm_link=None):
    deadline = getattr(application, "confirm_before", None)
    return {
        "nom": application.applicant_name(),
        "reference": application.reference or "",
        "titre": str(application.selection_title()),
        "lien": settings.SITE_URL + application.status_path(),
        "lien_confirmation": settings.SITE_URL + str(confirm_link) if confirm_link else "",
        "date_limite": date_format(timezone.localtime(deadline), "j F Y à H\\hi")
        if deadline
        else "",
        "motif": getattr(application, "employer_refusal_reason", ""),
    }


def render(subject, body, values):
    subject = " ".join(Template(subject).safe_substitute(values).split())
    return subject, Template(body).safe_substitute(values)


def queue(*, application, kind, prefix=DECISION_PREFIX):
    """Queue the message of decision `kind` to the applicant.

    Side effects: one OutboxMessage (about the application) in the current transaction."""
    confirm_link = None
    if application.CONFIRMS_PLACE and kind in CONFIRM_LINK_KINDS:
        confirm_link = application.secret_link("place")
    subject, body = render(
        *template_for(application, kind),
        placeholder_values(application, kind=kind, confirm_link=confirm_link),
    )
    return send_templated_email(
        to=application.email,
        template_prefix="applications/email/decision",
        context={"subject": subject, "body": body, "confirm_link": confirm_link},
        about=application,
        kind=f"{prefix}{kind}",
    )


def messages_of(application):
    """Every message sent or queued about the application, oldest first."""
    return OutboxMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(type(application)),
        object_id=application.pk,
    ).order_by("created_at", "pk")


def last_decision_message(application):
    """The message of the application's current status, if one was queued since."""
    return (
        messages_of(application)
        .filter(kind__startswith=DECISION_PREFIX)
        .filter(created_at__gte=application.status_changed_at)
        .order_by("-created_at", "-pk")
        .first()
    )


def resend(*, application):
    """Send the current decision's message again (the same text and link); queue it from
    the template when none was queued (a decision older than the messages). Returns the new
    message, or None when the status has no message.

    Side effects: one OutboxMessage."""
    message = last_decision_message(application)
    if message is not None:
        return send_again(message=message)
    kind = kind_for_move(type(application), None, application.status)
    if kind is None:
        return None
    return queue(application=application, kind=kind)


def set_decision_sent_at(message):
    """A decision's message delivered: the application's « décision envoyée le » (unless the
    application moved again since it was queued)."""
    if not message.kind.startswith(DECISION_PREFIX) or message.content_type_id is None:
        return
    model = ContentType.objects.get_for_id(message.content_type_id).model_class()
    if model is None or not issubclass(model, ApplicationBase):
        return
    model.objects.filter(pk=message.object_id, status_changed_at__lte=message.created_at).update(
        decision_sent_at=message.sent_at
    )


def application_link(*, model, id, purpose, at):
    """An application's secret link, rendered at send time from its reference."""
    application = (
        apps.get_model(model).objects.select_related("parent").filter(public_id=id).first()
    )
    if application is None:  # purged since it was queued: a link to nothing
        return "/"
    return application.secret_path(purpose, at=at)


def register():
    """Declare the applications' secret links and the delivery hook to the ground floor
    (called by IntsPortalConfig.ready(), in every process: web, worker, commands)."""
    links.register("application")(application_link)
    outbox.on_sent(set_decision_sent_at)
