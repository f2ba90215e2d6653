"""The portal's URLs plus /bench/ceiling/: the least a Django view can do on the same server,
settings and middleware. Every page is reported as a ratio of it."""

from django.http import HttpResponse
from django.urls import path

from ints_portal.urls import urlpatterns as portal_urls


def ceiling(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/ceiling/", ceiling), *portal_urls]
