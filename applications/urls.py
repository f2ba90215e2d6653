"""The applicant's URLs of a pillar, written once (each pillar includes them at its prefix)."""

from django.urls import path

from applications.views import applicant_view


def applicant_urls(portal, *, prefix, name_prefix):
    """start, resume, step, summary and status of `portal` under `prefix` (e.g.
    "candidater/"), named `<name_prefix>start`…"""
    return [
        path(prefix, applicant_view(portal, "start"), name=f"{name_prefix}start"),
        path(
            f"{prefix}reprendre/<str:token>/",
            applicant_view(portal, "resume"),
            name=f"{name_prefix}resume",
        ),
        path(
            f"{prefix}etapes/<slug:step_slug>/",
            applicant_view(portal, "step_view"),
            name=f"{name_prefix}step",
        ),
        path(
            f"{prefix}recapitulatif/",
            applicant_view(portal, "summary"),
            name=f"{name_prefix}summary",
        ),
        path(f"{prefix}suivi/", applicant_view(portal, "status"), name=f"{name_prefix}status"),
    ]
