from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core import rate_limits
from resources import selection
from resources.engagement import services
from resources.engagement.forms import FeedbackForm, SubscriptionForm
from resources.models import Resource

ALERT_LIMIT = {"bucket": "alerts", "limit": 10, "period_seconds": 3600}


# Public forms sent by anonymous visitors carry no CSRF token on purpose: there is no session to
# ride on (anyone can post them directly), double opt-in and rate limits are the protection, and
# a token would set a cookie on every list and resource page and make them uncacheable.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def alert_subscribe(request):
    """Subscribe to the saved query carried by the form; also a plain page without JavaScript."""
    if request.method == "GET":
        form = SubscriptionForm(
            initial={"scope": request.GET.get("scope", ""), "query": request.GET.get("query", "")}
        )
        return render(request, "resources/engagement/subscribe.html", _subscribe_context(form))
    form = SubscriptionForm(request.POST)
    if wait := rate_limits.retry_after(request, **ALERT_LIMIT):
        return rate_limits.too_many_response(request, retry_after=wait)
    if not form.is_valid():
        return render(
            request, "resources/engagement/subscribe.html", _subscribe_context(form), status=400
        )
    rate_limits.record_action(
        request=request, bucket=ALERT_LIMIT["bucket"], period_seconds=ALERT_LIMIT["period_seconds"]
    )
    saved = form.saved
    services.subscribe(email=form.cleaned_data["email"], saved=saved)
    return render(
        request,
        "resources/engagement/subscribe_sent.html",
        {"email": form.cleaned_data["email"], "description": saved.describe()},
    )


def _subscribe_context(form):
    """The form and the selection it would follow in words (none for an unknown list)."""
    scope = form["scope"].value() or ""
    if selection.get(scope) is None:
        return {"form": form, "description": ""}
    saved = selection.read(scope, QueryDict(form["query"].value() or ""))
    return {"form": form, "description": saved.describe()}


def alert_confirm(request, token):
    subscription = services.confirm(token=token)
    if subscription is None:
        return render(request, "resources/engagement/link_invalid.html", status=404)
    return render(request, "resources/engagement/confirmed.html", {"subscription": subscription})


# RFC 8058: mail clients send the one-click unsubscribe as a POST with no cookie and no token;
# the signed link is the proof, so CSRF protection has nothing to protect here.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    """GET asks for confirmation (mail scanners follow links); POST unsubscribes, including
    the one-click POST of RFC 8058 sent by mail clients."""
    subscription = services.subscription_for_unsubscribe(token)
    if subscription is None:
        if request.method == "POST":  # already unsubscribed: say so again, idempotently
            return render(request, "resources/engagement/unsubscribed.html", {"description": ""})
        return render(request, "resources/engagement/link_invalid.html", status=404)
    if request.method == "POST":
        description = subscription.description
        services.unsubscribe(subscription=subscription)
        return render(
            request, "resources/engagement/unsubscribed.html", {"description": description}
        )
    return render(
        request,
        "resources/engagement/unsubscribe_confirm.html",
        {"subscription": subscription},
    )


@csrf_exempt  # see alert_subscribe
@require_POST
def resource_feedback(request, slug):
    resource = get_object_or_404(Resource.objects.published(), slug=slug)
    form = FeedbackForm(request.POST)
    limit = {"bucket": f"feedback:{resource.pk}", "period_seconds": 86400}
    if wait := rate_limits.retry_after(request, limit=3, **limit):
        return rate_limits.too_many_response(request, retry_after=wait)
    if not form.is_valid():
        return render(
            request,
            "resources/engagement/feedback_form_page.html",
            {"resource": resource, "feedback_form": form},
            status=400,
        )
    rate_limits.record_action(request=request, **limit)
    services.give_feedback(
        resource=resource, useful=form.cleaned_data["useful"], comment=form.cleaned_data["comment"]
    )
    messages.success(request, _("Merci, votre avis a été transmis à l'équipe éditoriale."))
    return redirect(resource.get_absolute_url() + "#avis")
