from django.contrib.sitemaps import Sitemap

from resources.training.models import Diploma, Practice, TrainingSchool


class DiplomaSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return Diploma.objects.order_by("pk").only("slug")


class SchoolSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return TrainingSchool.objects.order_by("pk").only("slug")


class PracticeSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return Practice.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "diplomes": DiplomaSitemap,
    "etablissements": SchoolSitemap,
    "pratiques": PracticeSitemap,
}
