import logging
import time

from django.conf import settings
from django.contrib.auth import logout

from core.client_ip import client_ip


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy and a same-origin resource policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class StaffSessionLifetimeMiddleware:
    """Staff sessions end after an idle time and an absolute lifetime (pretix: 3 h and 12 h).

    Staff read applicants' personal data: a forgotten back-office tab must not stay open for the
    two weeks of Django's default session. Visitors' sessions (applications) are unaffected.
    """

    STARTED, SEEN = "_ints_staff_started", "_ints_staff_seen"
    # Writing the session on every click would cost a query: refresh "last seen" each minute.
    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now, session = time.time(), request.session
        started, seen = session.get(self.STARTED), session.get(self.SEEN)
        if started is not None and (
            now - started > settings.STAFF_SESSION_MAX_SECONDS
            or now - seen > settings.STAFF_SESSION_IDLE_SECONDS
        ):
            logout(request)
            return
        if started is None:
            session[self.STARTED] = now
        if seen is None or now - seen > self.REFRESH_SECONDS:
            session[self.SEEN] = now
            session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


class ClientIPLogFilter(logging.Filter):
    """Adds `client_ip` (behind our trusted proxies) to log records about a request."""

    def filter(self, record):
        request = getattr(record, "request", None)
        address = "-"
        if request is not None and hasattr(request, "META"):
            try:
                address = client_ip(request)
            except Exception:  # noqa: BLE001  (a log line must never fail for its address)
                address = request.META.get("REMOTE_ADDR", "-")
        record.client_ip = address
        return True
