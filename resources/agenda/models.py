"""Events of the institute and its partners across the territories."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.models import Publishable, PublishableQuerySet
from editorial.status import EditorialStatus
from resources.enums import TerritoryKind
from resources.richtext import sanitize_html, strip_html

__all__ = ["Event"]


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, *, at=None):
        return self.published(at=at).filter(ends_at__gte=at or timezone.now())

    def past(self, *, at=None):
        return self.published(at=at).filter(ends_at__lt=at or timezone.now())

    def in_region(self, region):
        return self.filter(models.Q(region=region) | models.Q(departement__parent=region))

    def for_list(self):
        return self.select_related("region", "departement", "organiser")


class Event(Publishable):
    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    summary = models.TextField(_("présentation courte"), max_length=600)
    description = models.TextField(_("programme détaillé"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    is_online = models.BooleanField(_("en ligne"), default=False)
    online_url = models.URLField(_("lien de connexion"), blank=True, max_length=500)
    venue_name = models.CharField(_("lieu"), max_length=255, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    region = models.ForeignKey(
        "resources.Territory",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="region_events",
        limit_choices_to={"kind": TerritoryKind.REGION},
    )
    departement = models.ForeignKey(
        "resources.Territory",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departement_events",
        limit_choices_to={"kind": TerritoryKind.DEPARTEMENT},
    )
    organiser = models.ForeignKey(
        "resources.Organisation",
        verbose_name=_("organisateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    audiences = models.ManyToManyField(
        "resources.Audience", verbose_name=_("publics"), blank=True, related_name="events"
    )
    themes = models.ManyToManyField(
        "resources.Theme", verbose_name=_("thématiques"), blank=True, related_name="events"
    )
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    registration_url = models.URLField(_("lien d'inscription"), blank=True, max_length=500)
    registration_closed = models.BooleanField(_("inscriptions closes"), default=False)
    all_day = models.BooleanField(
        _("toute la journée"),
        default=False,
        help_text=_("Sans horaires : seules les dates comptent."),
    )
    is_cancelled = models.BooleanField(
        _("annulé"),
        default=False,
        help_text=_("L'événement reste affiché et les agendas abonnés l'indiquent comme annulé."),
    )
    # iCalendar SEQUENCE: subscribed calendars replace their copy when it grows.
    sequence = models.PositiveIntegerField(_("révision"), default=0, editable=False)
    publication_date = models.DateTimeField(_("date de publication"), default=timezone.now)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "ends_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description = sanitize_html(self.description)
        if self.departement_id and not self.region_id:
            self.region_id = self.departement.parent_id
        if not self._state.adding:
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("resources:event_detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("La fin doit être après le début.")
        if self.departement_id and self.region_id and self.departement.parent_id != self.region_id:
            errors["departement"] = _("Ce département n'appartient pas à la région choisie.")
        if self.is_online and not self.online_url and not self.venue_name:
            errors["online_url"] = _("Indiquez le lien de connexion d'un événement en ligne.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_visible(self):
        return self.status == EditorialStatus.PUBLISHED and self.publication_date <= timezone.now()

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def is_multi_day(self):
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    @property
    def place_label(self):
        if self.is_online and not self.venue_name:
            return _("En ligne")
        parts = [self.venue_name, self.city]
        return ", ".join(part for part in parts if part)

    def search_document(self):
        territories = [t for t in (self.region, self.departement) if t]
        return {
            "kind": "evenement",
            "kind_label": _("Événement"),
            "title": self.title,
            "summary": self.summary,
            "body": " ".join([strip_html(self.description), self.venue_name, self.city]),
            "url": self.get_absolute_url(),
            "date": self.publication_date,
            "is_public": self.status == EditorialStatus.PUBLISHED,
            "themes": list(self.themes.all()),
            "audiences": list(self.audiences.all()),
            "territories": territories,
        }
