from django.db import models
from django.utils.translation import gettext_lazy as _


class LabHostKind(models.TextChoices):
    UNIVERSITY = "university", _("Université")
    CNRS = "cnrs", _("Unité CNRS")
    TRAINING_SCHOOL = "training_school", _("Établissement de formation en travail social")


class ProjectType(models.TextChoices):
    RESEARCH_ACTION = "research_action", _("Recherche-action")
    THESIS = "thesis", _("Thèse")
    STUDY = "study", _("Étude")
    EVALUATION = "evaluation", _("Évaluation")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("À venir")
    ONGOING = "ongoing", _("En cours")
    COMPLETED = "completed", _("Terminé")


class PublicationType(models.TextChoices):
    ARTICLE = "article", _("Article")
    REPORT = "report", _("Rapport")
    THESIS = "thesis", _("Thèse")
    BOOK = "book", _("Ouvrage")
    CHAPTER = "chapter", _("Chapitre d'ouvrage")
    COMMUNICATION = "communication", _("Communication")
    DATASET = "dataset", _("Jeu de données")


class ContributorRole(models.TextChoices):
    AUTHOR = "author", _("Auteur·rice")
    EDITOR = "editor", _("Direction d'ouvrage")
    SUPERVISOR = "supervisor", _("Direction scientifique")
    # Participatory research credits people who are not academics (Charte des sciences et
    # recherches participatives, 2017): they co-author with the role they had.
    PRACTITIONER = "practitioner", _("Professionnel·le co-chercheur·e")
    PERSON_SUPPORTED = "person_supported", _("Personne accompagnée co-chercheuse")

    @classmethod
    def non_academic(cls):
        return [cls.PRACTITIONER, cls.PERSON_SUPPORTED]


class Visibility(models.TextChoices):
    NAMED = "named", _("Nommé·e")
    PSEUDONYM = "pseudonym", _("Sous pseudonyme")
    ANONYMOUS = "anonymous", _("Anonyme")


class ContractType(models.TextChoices):
    CIFRE = "cifre", _("Contrat CIFRE")
    DOCTORAL = "doctoral", _("Contrat doctoral")
    POSTDOC = "postdoc", _("Contrat post-doctoral")


class QuestionStage(models.TextChoices):
    """Where a question de terrain stands on its way to research (its public state)."""

    OPEN = "open", _("Ouverte")
    TAKEN_UP = "taken_up", _("Prise en charge par un laboratoire")
    PROJECT_ONGOING = "project_ongoing", _("Projet en cours")
    RESULTS_PUBLISHED = "results_published", _("Résultats publiés")
