"""Sitemaps of this app, merged into /sitemap.xml by ints_portal/sitemaps.py."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from research.models import (
    Call,
    ContractOffer,
    FieldQuestion,
    Lab,
    Project,
    Publication,
    Researcher,
)


class _ObjectSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class LabSitemap(_ObjectSitemap):
    def items(self):
        return Lab.objects.public().order_by("pk").only("slug", "updated_at")


class ProjectSitemap(_ObjectSitemap):
    def items(self):
        return Project.objects.public().order_by("pk").only("slug", "updated_at")


class PublicationSitemap(_ObjectSitemap):
    priority = 0.7

    def items(self):
        return Publication.objects.public().order_by("pk").only("slug", "updated_at")


class ResearcherSitemap(_ObjectSitemap):
    priority = 0.4

    def items(self):
        return Researcher.objects.public().order_by("pk").only("slug")


class QuestionSitemap(_ObjectSitemap):
    def items(self):
        return FieldQuestion.objects.published().order_by("pk").only("slug", "updated_at")


class ContractSitemap(_ObjectSitemap):
    changefreq = "weekly"

    def items(self):
        return ContractOffer.objects.open().order_by("pk").only("slug", "updated_at")


class ResearchPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "research:lab_list",
            "research:project_list",
            "research:publication_list",
            "research:contract_list",
            "research:question_list",
        ]

    def location(self, item):
        return reverse(item)


class CallSitemap(_ObjectSitemap):
    changefreq = "weekly"

    def items(self):
        return Call.objects.public().order_by("pk").only("slug", "updated_at")


SITEMAPS = {
    "recherche-appels": CallSitemap,
    "recherche-pages": ResearchPagesSitemap,
    "recherche-laboratoires": LabSitemap,
    "recherche-chercheurs": ResearcherSitemap,
    "recherche-projets": ProjectSitemap,
    "recherche-publications": PublicationSitemap,
    "recherche-contrats": ContractSitemap,
    "recherche-questions": QuestionSitemap,
}
