"""Alerts (double opt-in, digests, unsubscribe), anonymous counters and readers' feedback."""

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core.emails import send_templated_email
from core.links import SecretLink, now_stamp, sign_at
from core.site_url import absolute_url, site_domain
from resources.engagement.models import Feedback, ResourceStat, Subscription

CONFIRM_SALT = "ints.alerts.confirm"
UNSUBSCRIBE_SALT = "ints.alerts.unsubscribe"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
DIGEST_SIZE = 30
ALERT_LINKS = {
    "confirm": ("resources:alert_confirm", CONFIRM_SALT),
    "unsubscribe": ("resources:alert_unsubscribe", UNSUBSCRIBE_SALT),
}


def alert_path(*, token, purpose, at):
    """An alert's signed link as of `at` (the resolver of the emails' "alert" links)."""
    name, salt = ALERT_LINKS[purpose]
    return reverse(name, args=[sign_at(token, salt=salt, at=at)])


def alert_link(subscription, purpose):
    """For an email: the link is rendered when the email is sent, never stored."""
    return SecretLink("alert", token=str(subscription.token), purpose=purpose, at=now_stamp())


def confirm_url(subscription):
    return alert_path(token=str(subscription.token), purpose="confirm", at=now_stamp())


def unsubscribe_url(subscription):
    return alert_path(token=str(subscription.token), purpose="unsubscribe", at=now_stamp())


def subscribe(*, email, saved):
    """Record an unconfirmed alert on the selection `saved` (resources.selection.read) and
    email the confirmation link (double opt-in).

    Side effects: creates or reuses one Subscription; queues one email unless already confirmed.
    The caller shows the same message in every case, so nobody learns who is subscribed.
    """
    subscription, _created = Subscription.objects.get_or_create(
        email=email.lower(),
        scope=saved.key,
        query_string=saved.query_string,
        defaults={"label": saved.describe()[:300]},
    )
    if subscription.confirmed_at is None:
        send_templated_email(
            to=subscription.email,
            template_prefix="emails/alerts/confirm",
            context={
                "subscription": subscription,
                "confirm_url": alert_link(subscription, "confirm"),
            },
        )
    return subscription


def _subscription_from(token, *, salt, max_age=None):
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(token=value).first()


def confirm(*, token):
    """Confirm the alert a signed link points to. Side effects: sets confirmed_at once."""
    subscription = _subscription_from(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if subscription and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_for_unsubscribe(token):
    return _subscription_from(token, salt=UNSUBSCRIBE_SALT)


def unsubscribe(*, subscription):
    """Side effects: deletes the subscription and with it the email address."""
    subscription.delete()


def new_items(subscription, *, since, until):
    """What appeared in (since, until] for the alert's saved selection, exactly as its list
    applies it (resources.selection: each list's Followable.new_items)."""
    saved = subscription.selection
    if saved is None:  # a list that is no longer followable sends nothing
        return []
    return saved.new_items(since=since, until=until, limit=DIGEST_SIZE)


def list_headers(*, unsubscribe_path):
    """Headers mail providers ask of list mail: RFC 2369/8058 one-click unsubscribe, RFC 2919."""
    return {
        # The path may be a SecretLink's placeholder, replaced by "/alertes/…" when the mail is
        # sent: joined to the site's URL as it is (absolute_url would add a second slash).
        "List-Unsubscribe": f"<{absolute_url()}{unsubscribe_path}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Alertes INTS <alertes.{site_domain()}>",
    }


def send_digests(*, now=None):
    """Email each confirmed alert what is new since its last digest; return how many were sent.

    Side effects: queues at most one email per subscription with news and updates its
    last_sent_at in the same transaction, so a crash neither loses nor repeats a digest.
    """
    now = now or timezone.now()
    sent = 0
    for subscription in Subscription.objects.confirmed().iterator():
        since = subscription.last_sent_at or subscription.confirmed_at
        items = new_items(subscription, since=since, until=now)
        with transaction.atomic():
            if items:
                link = alert_link(subscription, "unsubscribe")
                send_templated_email(
                    to=subscription.email,
                    template_prefix="emails/alerts/digest",
                    context={"subscription": subscription, "items": items, "unsubscribe_url": link},
                    headers=list_headers(unsubscribe_path=str(link)),
                )
                sent += 1
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return sent


def record_hit(*, resource, download=False, request=None):
    """Count one view or download for today, without cookies; crawlers are not counted.

    Side effects: one UPDATE, or an INSERT the first time of the day.
    """
    if request is not None and _is_crawler(request):
        return
    day = timezone.localdate()
    field = "downloads" if download else "views"
    stats = ResourceStat.objects.filter(resource=resource, day=day)
    if stats.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            ResourceStat.objects.create(resource=resource, day=day, **{field: 1})
    except IntegrityError:  # another request created today's row first
        stats.update(**{field: F(field) + 1})


_CRAWLER_MARKERS = ("bot", "crawl", "spider", "slurp", "preview", "monitor")


def _is_crawler(request):
    agent = request.headers.get("User-Agent", "").lower()
    return not agent or any(marker in agent for marker in _CRAWLER_MARKERS)


def give_feedback(*, resource, useful, comment=""):
    """Side effects: stores one anonymous feedback row."""
    return Feedback.objects.create(resource=resource, useful=useful, comment=comment.strip())
