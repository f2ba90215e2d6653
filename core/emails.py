"""Every email is a trio of templates (subject, text, HTML) queued by this one function.

Why our own outbox rather than django-post-office: post-office queues mail too, but sends it
from its own cron/uwsgi runner or a Celery task of its own that has no row lock against two
workers, and it renders templates stored in the database; we keep file templates (reviewed in
git, translated with gettext) and need the message stored in the caller's transaction with a
Message-ID fixed at queue time. One model, one task and one sweep do that (core/outbox.py).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import make_msgid
from django.db import transaction
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone

from core.links import SecretLink
from core.models import OutboxMessage
from core.site_url import site_domain
from core.typography import french_html, french_text

# Every mail the portal sends is automatic (RFC 3834): no vacation replies to it, please.
AUTOMATIC_HEADERS = {"Auto-Submitted": "auto-generated"}


def render_text(template_name, context):
    """A plain-text template rendered without HTML escaping (`l'enfance`, not `l&#x27;enfance`)."""
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def after_commit(callback):
    """Run `callback` once the current transaction commits (tests replace this hook)."""
    transaction.on_commit(callback, robust=True)


def send_templated_email(*, to, template_prefix, context, headers=None, about=None, kind=""):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` and queue them.

    Secret links go in `context` (or in `headers`) as links.SecretLink: the stored message
    holds a placeholder and the link's reference, and the path is rendered when it is sent.
    `about` (a model instance) and `kind` say what the message is for (an application's
    history, the decision date set on delivery).

    Side effects: stores one OutboxMessage in the current transaction; after the commit, a task
    sends it (core.tasks.deliver_email). Nothing is sent if the transaction rolls back.
    """
    context = {"SITE_URL": settings.SITE_URL, **context}
    secret = [
        v for v in [*context.values(), *(headers or {}).values()] if isinstance(v, SecretLink)
    ]
    # French typography as on the pages (core.typography).
    subject = french_text(" ".join(render_text(f"{template_prefix}_subject.txt", context).split()))
    return queue_message(
        to=to,
        template_prefix=template_prefix,
        subject=subject,
        body_text=french_text(render_text(f"{template_prefix}.txt", context)),
        body_html=french_html(render_to_string(f"{template_prefix}.html", context)),
        headers={k: str(v) for k, v in (headers or {}).items()},
        links={link.placeholder: link.as_json() for link in secret},
        about=about,
        kind=kind,
    )


def queue_message(
    *, to, template_prefix, subject, body_text, body_html, headers, links, about, kind
):
    """Store one rendered message (send_templated_email, or a resend of a stored one).

    Side effects: one OutboxMessage row in the current transaction, a delivery task after it
    commits."""
    message = OutboxMessage.objects.create(
        template_prefix=template_prefix,
        recipients=[to] if isinstance(to, str) else list(to),
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers={**AUTOMATIC_HEADERS, **headers},
        links=links,
        content_type=ContentType.objects.get_for_model(type(about)) if about else None,
        object_id=about.pk if about else None,
        kind=kind,
        message_id=make_msgid(domain=site_domain()),
        next_attempt_at=timezone.now()
        + timezone.timedelta(seconds=settings.INTS_OUTBOX_RETRY_SECONDS),
    )
    after_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(pk):
    from core.tasks import deliver_email

    deliver_email.delay(pk)


def send_again(*, message):
    """Queue the same message again (same subject, text and links; a new Message-ID, or mail
    providers would drop it as a duplicate of the first).

    Side effects: one OutboxMessage row, a delivery task after the commit."""
    return queue_message(
        to=message.recipients,
        template_prefix=message.template_prefix,
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        headers={k: v for k, v in message.headers.items() if k not in AUTOMATIC_HEADERS},
        links=message.links,
        about=message.about,
        kind=message.kind,
    )
