from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import ExpressionWrapper, F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.uploads import private_upload_path
from editorial.models import Publishable, PublishableQuerySet
from editorial.status import EditorialStatus
from resources.enums import (
    LICENCE_URLS,
    Language,
    Licence,
    OrganisationKind,
    TerritoryKind,
    ThemeKind,
)
from resources.fields import IntArrayField
from resources.richtext import sanitize_html, strip_html


class Vocabulary(models.Model):
    """A shared, curator-editable list of terms (audiences, themes, types…)."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=160, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Audience(Vocabulary):
    persona = models.CharField(
        _("accroche"), max_length=80, blank=True, help_text=_("Par exemple « Je suis étudiant·e »")
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class Theme(Vocabulary):
    kind = models.CharField(_("nature"), max_length=20, choices=ThemeKind.choices)

    class Meta(Vocabulary.Meta):
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")


class ResourceType(Vocabulary):
    plural = models.CharField(_("nom au pluriel"), max_length=150, blank=True)
    schema_type = models.CharField(
        _("type schema.org"),
        max_length=60,
        default="CreativeWork",
        help_text=_("Type utilisé dans les données structurées (Report, VideoObject…)."),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("type de ressource")
        verbose_name_plural = _("types de ressource")


class TerritoryQuerySet(models.QuerySet):
    def regions(self):
        return self.filter(kind=TerritoryKind.REGION)

    def departements(self):
        return self.filter(kind=TerritoryKind.DEPARTEMENT)


class Territory(models.Model):
    """France, a region or a département, identified by its INSEE code."""

    kind = models.CharField(_("niveau"), max_length=20, choices=TerritoryKind.choices)
    code = models.CharField(_("code INSEE"), max_length=5)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant d'URL"), max_length=110, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_kind_code"),
        ]

    def __str__(self):
        if self.kind == TerritoryKind.DEPARTEMENT:
            return f"{self.name} ({self.code})"
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("nom"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    kind = models.CharField(_("nature"), max_length=30, choices=OrganisationKind.choices)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), null=True, blank=True, on_delete=models.PROTECT
    )
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResourceQuerySet(PublishableQuerySet):
    def due_for_review(self, *, at=None):
        """Resources whose last review (or creation) is older than their review interval."""
        at = at or timezone.now()
        reference = Coalesce("last_reviewed_at", "created_at")
        return self.annotate(
            review_due_at=ExpressionWrapper(
                reference + F("review_interval_days") * timezone.timedelta(days=1),
                output_field=models.DateTimeField(),
            )
        ).filter(review_due_at__lte=at)

    def for_list(self):
        return self.select_related("resource_type", "source_organisation").prefetch_related(
            "themes"
        )


class AttachedFile(models.Model):
    """A document kept with a record (a resource's file, a practice's support), stored privately
    and served by its page's download view (resources.views.serve_attachment)."""

    file = models.FileField(_("fichier"), upload_to=private_upload_path, blank=True, max_length=255)
    file_mime = models.CharField(_("format du fichier"), max_length=100, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(
        _("taille du fichier"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True


class Resource(Publishable, AttachedFile):
    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    summary = models.TextField(_("résumé"), max_length=1000)
    body = models.TextField(
        _("contenu"),
        blank=True,
        help_text=_("HTML simple : paragraphes, intertitres, listes, liens. Le reste est retiré."),
    )
    resource_type = models.ForeignKey(
        ResourceType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="resources"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="resources"
    )
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("publics"), blank=True, related_name="resources"
    )
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territoires"), blank=True, related_name="resources"
    )
    tags = TaggableManager(_("mots-clés"), blank=True)
    source_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    authors = models.CharField(
        _("auteurs"), max_length=500, blank=True, help_text=_("Séparés par des points-virgules.")
    )
    publication_date = models.DateTimeField(
        _("date de publication"),
        default=timezone.now,
        help_text=_(
            "Une date future programme la publication : la ressource reste invisible jusque-là."
        ),
    )
    language = models.CharField(
        _("langue"), max_length=10, choices=Language.choices, default=Language.FR
    )
    licence = models.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.ETALAB
    )
    external_url = models.URLField(_("lien externe"), blank=True, max_length=500)
    related = models.ManyToManyField("self", verbose_name=_("ressources liées"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    easy_read_summary = models.TextField(
        _("résumé en facile à lire et à comprendre (FALC)"),
        blank=True,
        help_text=_("Phrases courtes, mots simples : montré en premier à qui le demande."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable éditorial"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_resources",
    )
    review_interval_days = models.PositiveSmallIntegerField(
        _("relire tous les (jours)"),
        default=365,
    )
    last_reviewed_at = models.DateTimeField(_("dernière relecture"), null=True, blank=True)
    link_checked_at = models.DateTimeField(
        _("liens vérifiés le"), null=True, blank=True, editable=False
    )
    link_error = models.CharField(
        _("lien ou fichier cassé"), max_length=300, blank=True, editable=False
    )

    search_entries = GenericRelation("resources.SearchEntry")

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["-publication_date", "-id"]
        indexes = [models.Index(fields=["status", "-publication_date"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("resources:detail", args=[self.slug])

    @property
    def is_visible(self):
        return self.status == EditorialStatus.PUBLISHED and self.publication_date <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == EditorialStatus.PUBLISHED and self.publication_date > timezone.now()

    @property
    def author_list(self):
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def search_document(self):
        """What the site-wide search indexes for this resource (see resources.search)."""
        return {
            "kind": self.resource_type.slug,
            "kind_label": self.resource_type.name,
            "title": self.title,
            "summary": self.summary,
            "body": " ".join([strip_html(self.body), " ".join(self.tags.names()), self.authors]),
            "url": self.get_absolute_url(),
            "date": self.publication_date,
            "is_public": self.status == EditorialStatus.PUBLISHED,
            "themes": list(self.themes.all()),
            "audiences": list(self.audiences.all()),
            "territories": list(self.territories.all()),
        }


class SearchEntryQuerySet(models.QuerySet):
    def visible(self, *, at=None):
        return self.filter(is_public=True, date__lte=at or timezone.now())


class SearchEntry(models.Model):
    """One row per searchable object of any pillar: the site-wide search index.

    On PostgreSQL a trigger fills `search_vector` from title (A), summary (B) and body (C) with the
    `french_unaccent` configuration, and `rank_vector` from title and summary;
    `search_text` is the accent-free text SQLite matches on (empty on PostgreSQL). On PostgreSQL
    the long columns live out of the row (migration 0009), so that scanning thousands of entries
    for counts reads a narrow table.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.SlugField(max_length=60)
    kind_label = models.CharField(max_length=150)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField()
    year = models.PositiveSmallIntegerField()
    is_public = models.BooleanField(default=False)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    audiences = models.ManyToManyField(Audience, blank=True, related_name="+")
    territories = models.ManyToManyField(Territory, blank=True, related_name="+")
    search_text = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Title (A) and summary (B) only: what ranking reads. Small enough to stay in the row, so
    # ranking tens of thousands of matches does not fetch every document's whole vector.
    rank_vector = SearchVectorField(null=True, editable=False)
    # The audiences, themes and territories above as codes (search.FACET_CODES): facet counts
    # over any number of matches in one pass, without joining the three link tables.
    facet_ids = IntArrayField(editable=False)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="searchentry_unique_object"
            ),
        ]
        indexes = [
            models.Index(fields=["is_public", "date"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["year"]),
        ]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A word seen in indexed titles and summaries, for "did you mean" suggestions."""

    word = models.CharField(_("mot"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("mot de l'index de recherche")
        verbose_name_plural = _("mots de l'index de recherche")

    def __str__(self):
        return self.word


class EditorScope(models.Model):
    """The territories and themes an editor follows: they are told of proposals about them
    (editorial.notifications through resources.editors). An editor without a scope, or a
    proposal that matches nobody's, goes to every editor: nothing waits unseen."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_scope",
        verbose_name=_("éditeur ou éditrice"),
    )
    territories = models.ManyToManyField(
        Territory,
        blank=True,
        related_name="+",
        verbose_name=_("territoires suivis"),
        help_text=_("Une région couvre aussi ses départements."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name=_("thématiques suivies")
    )

    class Meta:
        verbose_name = _("périmètre éditorial")
        verbose_name_plural = _("périmètres éditoriaux")

    def __str__(self):
        return str(self.user)


# The resource centre's other rooms keep their models in sub-packages (see README).
from resources.agenda.models import *  # noqa: E402,F403
from resources.engagement.models import *  # noqa: E402,F403
from resources.observatory.models import *  # noqa: E402,F403
from resources.training.models import *  # noqa: E402,F403
