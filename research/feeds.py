"""RSS feeds of the research pillar: publications (of any filtered list) and open calls."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext as _

from research import queries
from research.calls.models import Call
from research.models import PublicationContributor
from resources.feeds import FEED_SIZE, FeedScope, SiteFeed, absolute, with_query


class PublicationFeed(SiteFeed):
    selection_key = "publications"

    def title(self, obj):
        return self.selection_title(obj, _("INTS — nouvelles publications scientifiques"))

    def link(self, obj):
        return absolute(with_query(reverse("research:publication_list"), obj.params))

    def description(self, obj):
        return _("Les publications des laboratoires et projets soutenus par l'INTS.")

    def items(self, obj):
        contributors = PublicationContributor.objects.order_by("position", "pk")
        return (
            queries.filtered("publications", obj.params)
            .prefetch_related(None)
            .prefetch_related(Prefetch("contributors", contributors))
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.abstract or item.get_publication_type_display()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_publication_type_display()]

    def item_author_name(self, item):
        return ", ".join(c.display_name for c in item.cited_contributors) or None

    def item_enclosures(self, item):
        if not item.file:
            return []
        url = absolute(reverse("research:publication_download", args=[item.slug]))
        return [Enclosure(url, str(item.file_size or 0), "application/pdf")]


class CallFeed(SiteFeed):
    def title(self, obj):
        return _("INTS — appels à projets ouverts")

    def link(self, obj):
        return absolute(reverse("research:call_list"))

    def description(self, obj):
        return _("Les appels à projets de recherche ouverts par l'INTS.")

    def items(self, obj):
        now = timezone.now()
        return (
            Call.objects.public().filter(closes_at__gt=now).order_by("closes_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        closes = timezone.localtime(item.closes_at).strftime("%d/%m/%Y")
        return _("Clôture le %(date)s. %(summary)s") % {"date": closes, "summary": item.summary}

    def item_pubdate(self, item):
        # When the call was put on the site, not its opening date (which may be to come: feed
        # readers and validators reject entries from the future).
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class QuestionFeed(SiteFeed):
    """Questions de terrain published, newest first, with the list's filters (theme,
    territory, stage)."""

    def get_object(self, request, **kwargs):
        # The list's own filters (research.queries.QUESTION_FACETS), whatever the page number.
        params = request.GET.copy()
        params.pop("page", None)
        return FeedScope(params=params, self_url=absolute(request.get_full_path()))

    def title(self, obj):
        if obj.params:
            return _("INTS — questions de terrain de votre sélection")
        return _("INTS — questions de terrain")

    def link(self, obj):
        return absolute(with_query(reverse("research:question_list"), obj.params))

    def description(self, obj):
        return _(
            "Les questions que des professionnel·les et des personnes accompagnées posent à la "
            "recherche, et où elles en sont."
        )

    def items(self, obj):
        return (
            queries.filtered("questions", obj.params)
            .prefetch_related(None)
            .select_related("territory")
            .order_by("-publication_date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.context

    def item_pubdate(self, item):
        return item.publication_date

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_stage_display(), *([item.territory.name] if item.territory else [])]
