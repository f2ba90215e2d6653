"""The editorial states, named once for every publishable model (resources, events,
practices, questions de terrain…), and how a contributor chooses to be credited."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PROPOSED = "proposed", _("Proposée")
    REVIEW = "review", _("En relecture")
    CHANGES_REQUESTED = "changes_requested", _("À revoir")
    REJECTED = "rejected", _("Refusée")
    WITHDRAWN = "withdrawn", _("Retirée")
    PUBLISHED = "published", _("Publiée")
    ARCHIVED = "archived", _("Archivée")


# What staff may give a new object directly (the admin's add form, a CSV import); the other
# states are reached only through editorial.workflow.transition().
INITIAL_STAFF_STATES = (
    EditorialStatus.DRAFT,
    EditorialStatus.REVIEW,
    EditorialStatus.PUBLISHED,
    EditorialStatus.ARCHIVED,
)


class CreditAs(models.TextChoices):
    """How a published contribution names who gave it (the contributor's choice)."""

    NAME = "name", _("Mon nom")
    ORGANISATION = "organisation", _("Ma structure")
    TEAM = "team", _("Une équipe de…")
    ANONYMOUS = "anonymous", _("Sans nom (contribution anonyme)")
