"""Demo content for the cycle: the current edition (applications open for 30 days around the
first load), its programme, criteria, targets and decision templates; a past edition with
alumni who agreed to be listed. Idempotent (looked up by year)."""

import datetime

from django.utils import timezone

from hautes_etudes.models import (
    Auditor,
    Criterion,
    DecisionTemplate,
    Edition,
    PublicCategory,
    Session,
    Target,
)
from ints_portal.applications.models import ApplicationStatus
from resources.models import Territory

SESSIONS = [
    (
        "seminar",
        "Séminaire d'ouverture : le travail social, une politique publique",
        0,
        2,
        "Paris",
        "ile-de-france",
        "France",
    ),
    (
        "field_visit",
        "Aller-vers et maraudes dans la métropole lilloise",
        35,
        2,
        "Lille",
        "hauts-de-france",
        "France",
    ),
    (
        "seminar",
        "Protection de l'enfance : décider ensemble",
        70,
        2,
        "Bordeaux",
        "nouvelle-aquitaine",
        "France",
    ),
    (
        "conference",
        "Conférence : les métiers du soin et du lien",
        105,
        1,
        "Lyon",
        "auvergne-rhone-alpes",
        "France",
    ),
    (
        "field_visit",
        "Territoires ruraux et accès aux droits",
        140,
        2,
        "Guéret",
        "nouvelle-aquitaine",
        "France",
    ),
    ("trip", "Voyage d'étude : le travail social au Québec", 190, 6, "Montréal", None, "Canada"),
    (
        "seminar",
        "Séminaire de clôture et remise des rapports",
        240,
        2,
        "Paris",
        "ile-de-france",
        "France",
    ),
]
CRITERIA = [
    ("Parcours et responsabilités", 2),
    ("Motivation et projet", 3),
    ("Apport à la diversité de la promotion", 1),
]
TEMPLATES = {
    ApplicationStatus.ACCEPTED: (
        "Votre candidature au cycle des hautes études est retenue",
        "Bonjour $nom,\n\nNous avons le plaisir de vous annoncer que votre candidature "
        "$reference au $titre est retenue. Confirmez votre place sur votre espace de suivi.\n\n"
        "L'équipe de l'INTS",
    ),
    ApplicationStatus.REJECTED: (
        "Votre candidature au cycle des hautes études",
        "Bonjour $nom,\n\nLe comité de sélection n'a pas retenu votre candidature $reference au "
        "$titre. Nous espérons vous retrouver lors d'une prochaine promotion.\n\nL'équipe de "
        "l'INTS",
    ),
    ApplicationStatus.WAITING_LIST: (
        "Votre candidature est sur liste d'attente",
        "Bonjour $nom,\n\nVotre candidature $reference au $titre est inscrite sur liste "
        "d'attente. Nous vous écrirons si une place se libère.\n\nL'équipe de l'INTS",
    ),
    ApplicationStatus.INTERVIEW: (
        "Entretien pour le cycle des hautes études",
        "Bonjour $nom,\n\nVotre candidature $reference est présélectionnée : nous vous "
        "proposerons prochainement un entretien.\n\nL'équipe de l'INTS",
    ),
}


def load_hautes_etudes_demo(*, now=None):
    now = now or timezone.now()
    created = 0
    regions = {t.slug: t for t in Territory.objects.regions()}
    current_year = now.year + 1
    if not Edition.objects.filter(year=current_year).exists():
        edition = Edition.objects.create(
            year=current_year,
            name="Promotion Geneviève de Gaulle-Anthonioz",
            slug=f"promotion-{current_year}",
            theme="Le travail social face aux fractures territoriales",
            places=40,
            fees="1 500 € (pris en charge par l'employeur)",
            description="Huit sessions de deux jours réparties sur l'année, en France et à "
            "l'étranger, pour comprendre, débattre et proposer.",
            eligibility="Cadres supérieurs de l'État, des collectivités et des associations, "
            "élus, journalistes et professionnels de terrain justifiant de dix ans d'expérience.",
            applications_open_at=now - datetime.timedelta(days=10),
            applications_close_at=now + datetime.timedelta(days=20),
            committee_date=(now + datetime.timedelta(days=35)).date(),
            results_date=(now + datetime.timedelta(days=45)).date(),
            first_session_date=(now + datetime.timedelta(days=90)).date(),
            blind_review=True,
            is_published=True,
        )
        start = (now + datetime.timedelta(days=90)).date()
        for kind, title, offset, days, place, region, country in SESSIONS:
            Session.objects.create(
                edition=edition,
                kind=kind,
                title=title,
                place=place,
                country=country,
                region=regions.get(region),
                starts_on=start + datetime.timedelta(days=offset),
                ends_on=start + datetime.timedelta(days=offset + days - 1),
                content="Conférences, tables rondes et ateliers avec les acteurs du territoire.",
                speakers="Chercheurs, élus, directeurs d'établissement et personnes accompagnées",
            )
        for position, (name, weight) in enumerate(CRITERIA):
            Criterion.objects.create(edition=edition, name=name, weight=weight, position=position)
        for category, target in zip(PublicCategory.values, [10, 8, 8, 5, 3, 6], strict=True):
            Target.objects.create(
                edition=edition, dimension="category", value=category, target=target
            )
        created += 1
    if not Edition.objects.filter(year=current_year - 1).exists():
        past = Edition.objects.create(
            year=current_year - 1,
            name="Promotion Stéphane Hessel",
            slug=f"promotion-{current_year - 1}",
            theme="Participation des personnes accompagnées",
            places=35,
            fees="1 500 €",
            description="La première promotion.",
            eligibility="Comme chaque année.",
            applications_open_at=now - datetime.timedelta(days=400),
            applications_close_at=now - datetime.timedelta(days=360),
            committee_date=(now - datetime.timedelta(days=350)).date(),
            results_date=(now - datetime.timedelta(days=340)).date(),
            first_session_date=(now - datetime.timedelta(days=300)).date(),
            is_published=True,
        )
        for n, (name, position, org) in enumerate(
            [
                (
                    "Claire Dubois",
                    "Directrice générale adjointe des solidarités",
                    "Département du Nord",
                ),
                ("Yacine Benali", "Journaliste", "Le Quotidien social"),
                ("Martine Leroy", "Assistante de service social", "CCAS de Limoges"),
                ("Paul Girard", "Sous-directeur", "Direction générale de la cohésion sociale"),
                ("Inès Moreau", "Maire adjointe", "Ville de Rennes"),
            ]
        ):
            Auditor.objects.create(
                edition=past, name=name, position=position, organisation=org, public_consent=n != 3
            )
        created += 1
    for status, (subject, body) in TEMPLATES.items():
        _template, new = DecisionTemplate.objects.get_or_create(
            status=status, defaults={"subject": subject, "body": body}
        )
        created += new
    return f"{created} élément(s) du cycle créé(s)"
