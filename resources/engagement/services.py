"""Alerts (double opt-in, digests, unsubscribe), anonymous counters and readers' feedback."""

import contextlib
import datetime
import hashlib
import hmac
import math
import time

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from ints_portal import shared_cache
from ints_portal.client_ip import client_ip
from ints_portal.emails import send_templated_email
from ints_portal.links import SecretLink, now_stamp, sign_at
from ints_portal.site_url import absolute_url, site_domain
from resources import search
from resources.engagement.models import AlertScope, Feedback, ResourceStat, Subscription
from resources.models import Resource, SearchEntry
from resources.queries import resource_query

CONFIRM_SALT = "ints.alerts.confirm"
UNSUBSCRIBE_SALT = "ints.alerts.unsubscribe"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
DIGEST_SIZE = 30
# Query-string keys an alert keeps: filters and the search text, not paging or sorting.
SAVED_KEYS = {
    "q",
    "type",
    "public",
    "theme",
    "territoire",
    "annee",
    "region",
    "departement",
    "mois",
}


def normalise_query(query_string):
    params = QueryDict(query_string or "", mutable=True)
    kept = QueryDict(mutable=True)
    for key in sorted(params):
        if key in SAVED_KEYS:
            kept.setlist(key, sorted(v[:200] for v in params.getlist(key)[:20] if v))
    return kept.urlencode()[:1000]


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


def subscribe(*, email, scope, query_string, label=""):
    """Record an unconfirmed alert and email the confirmation link (double opt-in).

    Side effects: creates or reuses one Subscription; queues one email unless already confirmed.
    The caller shows the same message in every case, so nobody learns who is subscribed.
    """
    subscription, _created = Subscription.objects.get_or_create(
        email=email.lower(),
        scope=scope,
        query_string=normalise_query(query_string),
        defaults={"label": label[:300]},
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
    """What appeared for this alert's saved query in (since, until], newest first."""
    params = QueryDict(subscription.query_string)
    if subscription.scope == AlertScope.RESOURCES:
        base = Resource.objects.published(at=until)
        queryset = (
            resource_query(params, base=base)
            .filtered()
            .filter(publication_date__gt=since, publication_date__lte=until)
        )
        return [
            {
                "title": r.title,
                "url": r.get_absolute_url(),
                "date": r.publication_date,
                "summary": r.summary,
            }
            for r in queryset.order_by("-publication_date", "-pk")[:DIGEST_SIZE]
        ]
    if subscription.scope == AlertScope.EVENTS:
        from resources.agenda import alerts as agenda_alerts  # optional room: see agenda

        return agenda_alerts.new_items(params, since=since, until=until, limit=DIGEST_SIZE)
    query = search.clean_query(params.get("q", ""))
    entries = SearchEntry.objects.visible(at=until).filter(date__gt=since)
    if query:
        entries = search.match(entries, query)
    return [
        {"title": e.title, "url": e.url, "date": e.date, "summary": e.summary}
        for e in entries.order_by("-date", "-pk")[:DIGEST_SIZE]
    ]


def list_headers(*, unsubscribe_path):
    """Headers mail providers ask of list mail: RFC 2369/8058 one-click unsubscribe, RFC 2919."""
    return {
        "List-Unsubscribe": f"<{absolute_url(unsubscribe_path)}>",
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


def client_fingerprint(request):
    """A keyed hash of the client's address for rate limiting; the address is not kept.

    The address is the one behind our trusted proxies (ints_portal.client_ip), so each visitor
    has their own count, not the proxy. Keyed by the secret rather than salted by the date, so
    that a window does not start again at midnight; the counters expire with their window.
    """
    address = client_ip(request)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


# A window of period_seconds is counted in SLOTS slots (a minute of an hour) plus the current
# one: the last `period_seconds` always hold at most `limit` actions, whatever the clock.
SLOTS = 60


def _slots(request, *, bucket, period_seconds):
    """The cache keys of the slots that cover the last `period_seconds` (oldest first, the
    current slot last), the current slot's number and a slot's width in seconds."""
    width = period_seconds / SLOTS
    current = int(time.time() // width)
    prefix = f"ratelimit:{bucket}:{client_fingerprint(request)}"
    return [f"{prefix}:{slot}" for slot in range(current - SLOTS, current + 1)], current, width


@contextlib.contextmanager
def _counting(fail_open):
    """Redis not answering raises CacheUnavailable (a costly action is then refused with a 503:
    ints_portal.shared_cache), or, for a limit that fails open, lets the action through."""
    try:
        yield shared_cache.strict()
    except shared_cache.CacheUnavailable:
        if not fail_open:
            raise


def retry_after(request, *, bucket, limit, period_seconds, fail_open=False):
    """Seconds until this client may act again in `bucket`, or 0 if it may act now: a sliding
    window, so twice the limit never fits across an hour's boundary.

    Reading only: a refused or invalid attempt is not counted (see `record_action`). Raises
    CacheUnavailable while Redis does not answer, unless `fail_open` (then 0).
    """
    keys, current, width = _slots(request, bucket=bucket, period_seconds=period_seconds)
    found = {}
    with _counting(fail_open) as store:
        found = store.get_many(keys)
    counts = [found.get(key) or 0 for key in keys]
    total = sum(counts)
    if total < limit:
        return 0
    first = current - SLOTS
    for age, count in enumerate(counts):  # the oldest slots leave the window first
        total -= count
        if total < limit:
            return max(1, math.ceil((first + age + SLOTS + 1) * width - time.time()))
    return max(1, math.ceil(width))  # unreachable: the current slot alone is below the limit


def record_action(*, request, bucket, period_seconds, fail_open=False):
    """Count one accepted action of this client in `bucket`.

    Side effects: one counter per slot in the shared cache, expiring with the window.
    """
    keys, _current, width = _slots(request, bucket=bucket, period_seconds=period_seconds)
    timeout = math.ceil(period_seconds + 2 * width)
    with _counting(fail_open) as store:
        if not store.add(keys[-1], 1, timeout=timeout):
            try:
                store.incr(keys[-1])
            except ValueError:  # expired between add and incr
                store.add(keys[-1], 1, timeout=timeout)


def allow(request, *, bucket, limit, period_seconds, fail_open=False):
    """A sliding-window rate limit per client in the shared cache; False once over the limit.

    Checks and counts in one call, for callers that count every attempt. Forms should call
    `retry_after` first and `record_action` once the action is accepted.

    Side effects: counts the attempt when allowed.
    """
    limits = {"bucket": bucket, "period_seconds": period_seconds, "fail_open": fail_open}
    if retry_after(request, limit=limit, **limits):
        return False
    record_action(request=request, **limits)
    return True


def give_feedback(*, resource, useful, comment=""):
    """Side effects: stores one anonymous feedback row."""
    return Feedback.objects.create(resource=resource, useful=useful, comment=comment.strip())
