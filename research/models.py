"""The research pillar: labs, researchers, projects, publications and contract offers."""

import datetime
import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import private_upload_path
from editorial.models import Publishable, PublishableQuerySet
from editorial.status import EditorialStatus
from research.enums import (
    ContractType,
    ContributorRole,
    LabHostKind,
    ProjectStatus,
    ProjectType,
    PublicationType,
    QuestionStage,
    Visibility,
)
from research.identifiers import ORCID_PATTERN, normalize_doi, orcid_checksum_ok, title_key
from resources.enums import LICENCE_URLS, Language, Licence
from resources.models import Organisation, Resource, Territory, Theme


def single_field_name(name):
    """A corporate name without commas, for readers that split names at the first comma."""
    return re.sub(r"\s*,\s*", " – ", name.strip()).strip(" –")


def _start_of_year(year):
    return timezone.make_aware(datetime.datetime(year, 1, 1))


def _as_datetime(value):
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(0, 0)))


class PublicQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


# Labs ---------------------------------------------------------------------------------------


class LabQuerySet(PublicQuerySet):
    def for_list(self):
        return self.select_related("region", "host_organisation").prefetch_related("themes")


class Lab(models.Model):
    name = models.CharField(_("nom"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    host_kind = models.CharField(_("type de structure"), max_length=30, choices=LabHostKind.choices)
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("établissement de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="labs",
    )
    region = models.ForeignKey(
        Territory,
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labs",
        limit_choices_to={"kind": "region"},
    )
    city = models.CharField(_("ville"), max_length=100, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="labs"
    )
    website = models.URLField(_("site web"), blank=True)
    hal_collection = models.CharField(
        _("collection HAL"),
        max_length=60,
        blank=True,
        help_text=_("Code de la collection sur HAL, par exemple LISST."),
        validators=[RegexValidator(r"^[A-Za-z0-9_-]+$", _("Lettres, chiffres, - et _."))],
    )
    is_public = models.BooleanField(_("visible sur le site"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    search_entries = GenericRelation("resources.SearchEntry")
    objects = LabQuerySet.as_manager()

    class Meta:
        verbose_name = _("laboratoire ou équipe")
        verbose_name_plural = _("laboratoires et équipes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("research:lab_detail", args=[self.slug])

    @property
    def hal_url(self):
        return f"https://hal.science/{self.hal_collection}" if self.hal_collection else ""

    def search_document(self):
        return {
            "kind": "laboratoire",
            "kind_label": str(_("Laboratoire de recherche")),
            "title": str(self),
            "summary": self.description[:1000],
            "body": " ".join(
                filter(
                    None,
                    [
                        self.get_host_kind_display(),
                        self.city,
                        self.host_organisation and self.host_organisation.name,
                    ],
                )
            ),
            "url": self.get_absolute_url(),
            "date": self.created_at,
            "is_public": self.is_public,
            "themes": list(self.themes.all()),
            "territories": [self.region] if self.region else [],
        }


class ResearcherQuerySet(models.QuerySet):
    def public(self):
        """Researchers who consented to a public profile."""
        return self.filter(public_profile=True)


class Researcher(models.Model):
    given_names = models.CharField(_("prénom(s)"), max_length=120)
    family_name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    role = models.CharField(
        _("fonction"),
        max_length=150,
        blank=True,
        help_text=_("Par exemple : maîtresse de conférences, doctorant."),
    )
    lab = models.ForeignKey(
        Lab,
        verbose_name=_("laboratoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="researchers",
    )
    orcid = models.CharField(
        _("ORCID"),
        max_length=19,
        blank=True,
        validators=[RegexValidator(ORCID_PATTERN, _("Format attendu : 0000-0002-1825-0097."))],
    )
    idhal = models.CharField(_("idHAL"), max_length=100, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="researchers"
    )
    public_profile = models.BooleanField(
        _("profil public (consentement recueilli)"),
        default=False,
        help_text=_(
            "Sans consentement, la personne n'a pas de page et n'est citée que comme "
            "autrice de ses publications."
        ),
    )
    consent_date = models.DateField(_("date du consentement"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte sur le portail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="researcher",
        help_text=_(
            "Le compte avec lequel la personne se connecte ; avec le rôle « Chercheurs », "
            "elle peut déclarer son intérêt pour une question de terrain."
        ),
    )

    objects = ResearcherQuerySet.as_manager()

    class Meta:
        verbose_name = _("chercheur·e")
        verbose_name_plural = _("chercheur·es")
        ordering = ["family_name", "given_names"]

    def __str__(self):
        return f"{self.given_names} {self.family_name}"

    def get_absolute_url(self):
        return reverse("research:researcher_detail", args=[self.slug])

    def clean(self):
        if self.orcid and not orcid_checksum_ok(self.orcid):
            raise ValidationError({"orcid": _("La clé de contrôle de cet ORCID est fausse.")})
        if self.public_profile and not self.consent_date:
            raise ValidationError(
                {"consent_date": _("Indiquez la date du consentement au profil public.")}
            )

    @property
    def orcid_url(self):
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""


# Contributors (shared by projects and publications) -----------------------------------------


class Contributor(models.Model):
    """One person credited on a project or publication, in order, with consented visibility."""

    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    researcher = models.ForeignKey(
        Researcher,
        verbose_name=_("chercheur·e de l'annuaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    family_name = models.CharField(_("nom"), max_length=120, blank=True)
    given_names = models.CharField(_("prénom(s)"), max_length=120, blank=True)
    role = models.CharField(
        _("rôle"), max_length=30, choices=ContributorRole.choices, default=ContributorRole.AUTHOR
    )
    visibility = models.CharField(
        _("visibilité consentie"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.NAMED,
    )
    pseudonym = models.CharField(_("pseudonyme"), max_length=120, blank=True)
    affiliation = models.CharField(
        _("structure"),
        max_length=200,
        blank=True,
        help_text=_("Service, association ou collectif."),
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.researcher_id and not self.family_name:
            self.family_name = self.researcher.family_name
            self.given_names = self.researcher.given_names
        super().save(*args, **kwargs)

    def clean(self):
        if self.visibility == Visibility.PSEUDONYM and not self.pseudonym:
            raise ValidationError({"pseudonym": _("Indiquez le pseudonyme choisi.")})
        if self.visibility == Visibility.NAMED and not self.researcher_id and not self.family_name:
            raise ValidationError({"family_name": _("Indiquez le nom, ou un·e chercheur·e.")})

    @property
    def is_organisation(self):
        """A named contributor with no given names is a corporate author (a service, a
        collective): cited as one name, never split into family and given names. A pseudonym
        (« Kenza B. ») is a person."""
        return self.visibility == Visibility.NAMED and not self.given_names.strip()

    @property
    def is_cited(self):
        """Named and pseudonymous contributors appear in citations; anonymous ones do not."""
        return self.visibility != Visibility.ANONYMOUS

    @property
    def is_non_academic(self):
        return self.role in ContributorRole.non_academic()

    @property
    def display_name(self):
        if self.visibility == Visibility.PSEUDONYM:
            return self.pseudonym
        if self.visibility == Visibility.ANONYMOUS:
            return str(_("Contributeur·rice anonyme"))
        return " ".join(filter(None, [self.given_names, self.family_name]))

    @property
    def citation_name(self):
        """`Family, G.` (APA); a pseudonym is cited as chosen."""
        if self.visibility == Visibility.PSEUDONYM:
            return self.pseudonym
        initials = " ".join(
            "-".join(f"{part[0]}." for part in name.split("-") if part)
            for name in self.given_names.split()
        )
        return f"{self.family_name}, {initials}" if initials else self.family_name

    @property
    def full_citation_name(self):
        """`Family, Given` (RIS, `citation_author`); a corporate name as one field.

        Zotero's RIS reader and Google Scholar take what precedes the first comma as the family
        name and the rest as given names, and only a name with nothing after its first comma
        as corporate: the commas inside a corporate name become « – » so that it stays whole
        (« Conseil départemental du Nord – direction de l'enfance »).
        """
        if self.visibility == Visibility.PSEUDONYM:
            return self.pseudonym
        if self.is_organisation:
            return single_field_name(self.family_name)
        return ", ".join(filter(None, [self.family_name, self.given_names]))


# Projects -----------------------------------------------------------------------------------


class ProjectQuerySet(PublicQuerySet):
    def for_list(self):
        return self.prefetch_related(
            Prefetch("labs", queryset=Lab.objects.only("pk", "name", "acronym", "slug")),
            "themes",
        )


class Project(models.Model):
    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    project_type = models.CharField(_("type"), max_length=30, choices=ProjectType.choices)
    status = models.CharField(
        _("état"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ONGOING
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    summary = models.TextField(_("résumé"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    labs = models.ManyToManyField(
        Lab, verbose_name=_("laboratoires"), blank=True, related_name="projects"
    )
    partner_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations partenaires"),
        blank=True,
        related_name="research_projects",
        help_text=_("Services sociaux, associations, collectivités…"),
    )
    participation = models.TextField(
        _("participation des personnes accompagnées et des professionnels"),
        blank=True,
        help_text=_("Comment ont-elles pris part : co-construction, co-analyse, restitution…"),
    )
    funding = models.CharField(_("financement"), max_length=255, blank=True)
    funding_call = models.ForeignKey(
        "research.Call",
        verbose_name=_("appel à projets qui le finance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funded_projects",
    )
    funding_amount = models.DecimalField(
        _("montant (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="research_projects"
    )
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territoires"), blank=True, related_name="research_projects"
    )
    resources = models.ManyToManyField(
        Resource,
        verbose_name=_("ressources et pratiques étudiées ou produites"),
        blank=True,
        related_name="research_projects",
    )
    is_public = models.BooleanField(_("visible sur le site"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    search_entries = GenericRelation("resources.SearchEntry")
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet de recherche")
        verbose_name_plural = _("projets de recherche")
        ordering = ["-start_date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:project_detail", args=[self.slug])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin précède le début.")})

    def search_document(self):
        return {
            "kind": "projet-de-recherche",
            "kind_label": str(_("Projet de recherche")),
            "title": self.title,
            "summary": self.summary,
            "body": " ".join(
                [
                    self.description,
                    self.participation,
                    " ".join(c.display_name for c in self.contributors.all()),
                ]
            ),
            "url": self.get_absolute_url(),
            "date": _as_datetime(self.start_date) if self.start_date else self.created_at,
            "is_public": self.is_public,
            "themes": list(self.themes.all()),
            "territories": list(self.territories.all()),
        }


class ProjectContributor(Contributor):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributors")

    class Meta(Contributor.Meta):
        verbose_name = _("contributeur·rice du projet")
        verbose_name_plural = _("contributeur·rices du projet")


# Publications -------------------------------------------------------------------------------


class PublicationQuerySet(PublicQuerySet):
    def with_contributors(self):
        return self.prefetch_related(
            Prefetch(
                "contributors", queryset=PublicationContributor.objects.order_by("position", "pk")
            )
        )

    def for_list(self):
        return self.with_contributors().prefetch_related("themes")


class Publication(models.Model):
    title = models.CharField(_("titre"), max_length=500)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    publication_type = models.CharField(_("type"), max_length=20, choices=PublicationType.choices)
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    venue = models.CharField(
        _("revue, ouvrage ou colloque"),
        max_length=300,
        blank=True,
        help_text=_("Revue d'un article, ouvrage d'un chapitre, colloque d'une communication."),
    )
    publisher = models.CharField(_("éditeur ou institution"), max_length=200, blank=True)
    volume = models.CharField(_("volume"), max_length=20, blank=True)
    issue = models.CharField(_("numéro"), max_length=20, blank=True)
    pages = models.CharField(_("pages"), max_length=30, blank=True)
    doi = models.CharField(
        _("DOI"), max_length=200, blank=True, help_text=_("Par exemple 10.3917/empa.123.0045.")
    )
    hal_id = models.CharField(
        _("identifiant HAL"),
        max_length=40,
        blank=True,
        validators=[RegexValidator(r"^[a-z]+-\d+(v\d+)?$", _("Par exemple hal-01234567."))],
    )
    abstract = models.TextField(_("résumé"), blank=True)
    keywords = models.CharField(
        _("mots-clés"), max_length=500, blank=True, help_text=_("Séparés par des points-virgules.")
    )
    language = models.CharField(
        _("langue"), max_length=10, choices=Language.choices, default=Language.FR
    )
    file = models.FileField(
        _("texte intégral (PDF)"), upload_to=private_upload_path, blank=True, max_length=255
    )
    file_size = models.PositiveBigIntegerField(
        _("taille du fichier"), null=True, blank=True, editable=False
    )
    open_access_url = models.URLField(_("lien en accès ouvert"), blank=True, max_length=500)
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="publications"
    )
    labs = models.ManyToManyField(
        Lab, verbose_name=_("laboratoires"), blank=True, related_name="publications"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projets"), blank=True, related_name="publications"
    )
    resources = models.ManyToManyField(
        Resource,
        verbose_name=_("ressources liées"),
        blank=True,
        related_name="research_publications",
    )
    is_public = models.BooleanField(_("visible sur le site"), default=True)
    title_key = models.CharField(max_length=255, editable=False, db_index=True)
    # Assigned once, the first time the publication is cited (research/citations.py), and never
    # recomputed: a LaTeX document that downloads the .bib again keeps citing the same paper.
    citation_key = models.CharField(
        _("clé de citation"), max_length=80, blank=True, editable=False, default=""
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True, db_index=True)

    search_entries = GenericRelation("resources.SearchEntry")
    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"], condition=~Q(doi=""), name="publication_unique_doi"
            ),
            models.UniqueConstraint(
                fields=["citation_key"],
                condition=~Q(citation_key=""),
                name="publication_unique_citation_key",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.doi = normalize_doi(self.doi) or self.doi.strip()
        self.title_key = title_key(self.title)
        if self.pk and not self.citation_key:
            # Assigned by research/citations.py meanwhile: a stale instance must not erase it.
            self.citation_key = (
                Publication.objects.filter(pk=self.pk)
                .values_list("citation_key", flat=True)
                .first()
                or ""
            )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("research:publication_detail", args=[self.slug])

    def clean(self):
        if self.doi:
            doi = normalize_doi(self.doi)
            if not doi:
                raise ValidationError({"doi": _("Ce DOI n'est pas valide (10.xxxx/…).")})
            self.doi = doi

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def hal_url(self):
        return f"https://hal.science/{self.hal_id}" if self.hal_id else ""

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def keyword_list(self):
        return [word.strip() for word in self.keywords.split(";") if word.strip()]

    @property
    def pages_range(self):
        """(first page, last page) of `pages` (« 45-67 », « 45–67 », « 12 »)."""
        first, _sep, last = self.pages.replace("–", "-").partition("-")
        return first.strip(), last.strip()

    @property
    def cited_contributors(self):
        """Authors (or editors when there is no author) in order, as consented; uses prefetch."""
        people = [c for c in self.contributors.all() if c.is_cited]
        authors = [
            c
            for c in people
            if c.role != ContributorRole.EDITOR and c.role != ContributorRole.SUPERVISOR
        ]
        return authors or [c for c in people if c.role == ContributorRole.EDITOR]

    def search_document(self):
        contributors = list(self.contributors.all())
        return {
            "kind": "publication",
            "kind_label": str(_("Publication scientifique")),
            "title": self.title,
            "summary": self.abstract[:1000],
            "body": " ".join(
                [
                    self.get_publication_type_display(),
                    self.venue,
                    self.keywords,
                    self.doi,
                    " ".join(c.display_name for c in contributors if c.is_cited),
                ]
            ),
            "url": self.get_absolute_url(),
            "date": _start_of_year(self.year),
            "is_public": self.is_public,
            "themes": list(self.themes.all()),
        }


class PublicationContributor(Contributor):
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="contributors"
    )

    class Meta(Contributor.Meta):
        verbose_name = _("contributeur·rice")
        verbose_name_plural = _("auteur·rices et contributeur·rices (dans l'ordre)")


# Doctoral and post-doctoral contracts --------------------------------------------------------


class FieldQuestionQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.select_related("territory", "lab").prefetch_related("themes")


class FieldQuestion(Publishable):
    """A « question de terrain »: what professionals or people supported ask research, proposed
    through the contributions workflow or by the institute, on its way to a project's results."""

    title = models.CharField(_("la question"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    context = models.TextField(
        _("le contexte"), help_text=_("D'où vient la question, ce qui a déjà été essayé.")
    )
    team = models.CharField(
        _("l'équipe qui la pose"),
        max_length=255,
        blank=True,
        help_text=_("Un service, une association, un collectif de personnes accompagnées."),
    )
    people_supported_took_part = models.BooleanField(
        _("des personnes accompagnées y ont pris part"),
        default=False,
        help_text=_("Affiché seulement si elles y ont consenti."),
    )
    people_supported_consent = models.BooleanField(
        _("elles consentent à ce que leur participation soit publiée"),
        default=False,
        help_text=_("Sans cet accord, la page ne dit rien des personnes accompagnées."),
    )
    people_supported_account = models.TextField(
        _("ce qu'elles y ont apporté"),
        blank=True,
        help_text=_(
            "Publié seulement avec leur accord, sans nom : « un groupe de cinq allocataires a "
            "formulé la question avec l'équipe »."
        ),
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_questions",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="field_questions"
    )
    stage = models.CharField(
        _("avancement"),
        max_length=20,
        choices=QuestionStage.choices,
        default=QuestionStage.OPEN,
        db_index=True,
    )
    lab = models.ForeignKey(
        Lab,
        verbose_name=_("laboratoire qui la prend en charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_questions",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("projet qui y répond"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_questions",
    )
    publication_date = models.DateTimeField(_("date de publication"), default=timezone.now)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    search_entries = GenericRelation("resources.SearchEntry")
    objects = FieldQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question de terrain")
        verbose_name_plural = _("questions de terrain")
        ordering = ["-publication_date", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:question_detail", args=[self.slug])

    @property
    def shows_people_supported(self):
        """The people supported are mentioned only if they took part and consented to it."""
        return self.people_supported_took_part and self.people_supported_consent

    def search_document(self):
        return {
            "kind": "question-de-terrain",
            "kind_label": str(_("Question de terrain")),
            "title": self.title,
            "summary": self.context[:1000],
            "body": " ".join(
                filter(None, [self.team, self.get_stage_display(), self.lab and self.lab.name])
            ),
            "url": self.get_absolute_url(),
            "date": self.publication_date,
            "is_public": self.status == EditorialStatus.PUBLISHED,
            "themes": list(self.themes.all()),
            "territories": [self.territory] if self.territory else [],
        }


class ContractOfferQuerySet(PublicQuerySet):
    def open(self, *, at=None):
        """Public offers whose deadline has not passed: closed offers leave lists by themselves."""
        return self.public().filter(deadline__gte=at or timezone.now())


class ContractOffer(models.Model):
    title = models.CharField(_("sujet"), max_length=300)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    contract_type = models.CharField(
        _("type de contrat"), max_length=20, choices=ContractType.choices
    )
    lab = models.ForeignKey(
        Lab, verbose_name=_("laboratoire"), on_delete=models.PROTECT, related_name="contract_offers"
    )
    supervisor = models.ForeignKey(
        Researcher,
        verbose_name=_("direction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    supervisor_name = models.CharField(
        _("direction (texte libre)"),
        max_length=200,
        blank=True,
        help_text=_("Si la personne n'est pas dans l'annuaire."),
    )
    description = models.TextField(_("description du sujet"))
    funding = models.CharField(_("financement"), max_length=255)
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employeur (CIFRE)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("début du contrat"))
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), default=36)
    deadline = models.DateTimeField(_("date limite de candidature"))
    how_to_apply = models.TextField(_("comment candidater"))
    application_url = models.URLField(_("lien pour candidater"), blank=True)
    contact_email = models.EmailField(_("contact"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="contract_offers"
    )
    is_public = models.BooleanField(_("visible sur le site"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ContractOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre de contrat doctoral ou post-doctoral")
        verbose_name_plural = _("offres de contrats doctoraux et post-doctoraux")
        ordering = ["deadline", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:contract_detail", args=[self.slug])

    @property
    def is_open(self):
        return self.deadline >= timezone.now()

    @property
    def supervisor_display(self):
        return str(self.supervisor) if self.supervisor_id else self.supervisor_name


# OAI-PMH deletions ----------------------------------------------------------------------------


class OAITombstone(models.Model):
    """A record the OAI-PMH repository no longer shows (unpublished or deleted).

    The repository declares `deletedRecord=persistent`: harvesters learn of the withdrawal by a
    header with status="deleted", for ever, until the record is published again.
    """

    kind = models.CharField(_("nature"), max_length=20)  # research.oai.KINDS
    object_pk = models.BigIntegerField(_("clé de l'enregistrement"))
    deleted_at = models.DateTimeField(_("retiré le"), db_index=True)
    set_specs = models.JSONField(_("ensembles OAI"), default=list)

    class Meta:
        verbose_name = _("enregistrement OAI retiré")
        verbose_name_plural = _("enregistrements OAI retirés")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_pk"], name="oai_tombstone_unique"),
        ]

    def __str__(self):
        return f"{self.kind}/{self.object_pk}"


from research.calls.models import *  # noqa: E402, F403  (calls for projects, same app)
from research.questions.models import *  # noqa: E402, F403  (questions de terrain, same app)
