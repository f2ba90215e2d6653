from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryKind(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")


class ThemeKind(models.TextChoices):
    POLICY = "policy", _("Politique publique")
    PRACTICE = "practice", _("Pratique transversale")


class OrganisationKind(models.TextChoices):
    STATE = "state", _("Service de l'État")
    DEPARTEMENT = "departement", _("Conseil départemental")
    MUNICIPAL = "municipal", _("Commune, CCAS ou CIAS")
    SOCIAL_SECURITY = "social_security", _("Organisme de sécurité sociale (CAF, MSA, CPAM)")
    HOSPITAL = "hospital", _("Établissement de santé")
    ASSOCIATION = "association", _("Association ou fondation")
    FEDERATION = "federation", _("Fédération ou réseau")
    TRAINING_SCHOOL = "training_school", _("Établissement de formation en travail social")
    UNIVERSITY = "university", _("Université ou laboratoire")
    RESEARCH = "research", _("Organisme de recherche")
    HOUSING = "housing", _("Bailleur social")
    COMPANY = "company", _("Entreprise")
    MEDIA = "media", _("Média")
    OTHER = "other", _("Autre")


class Language(models.TextChoices):
    FR = "fr", _("Français")
    EN = "en", _("Anglais")
    OTHER = "other", _("Autre langue")


class Licence(models.TextChoices):
    ETALAB = "etalab-2.0", _("Licence Ouverte / Etalab 2.0")
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC_BY_NC_ND = "cc-by-nc-nd-4.0", _("CC BY-NC-ND 4.0")
    ALL_RIGHTS = "all-rights-reserved", _("Tous droits réservés")


LICENCE_URLS = {
    Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/deed.fr",
}
