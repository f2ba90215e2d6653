"""Demo content for "se former": the 13 State diplomas and two national certificates, ~80
schools, funding schemes, bridges, six structured training modules and twelve practices.

Idempotent: every object is looked up by its slug; a second run changes nothing."""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from resources import search
from resources.enums import ResourceStatus
from resources.models import Organisation, Resource, Territory, Theme
from resources.signals import paused
from resources.training.models import (
    CareerBridge,
    Diploma,
    FundingScheme,
    ModuleChapter,
    Practice,
    RncpCode,
    TrainingModule,
    TrainingSchool,
)

SEED = 33
THREE_YEARS = "3 ans (1 740 h de formation théorique, 2 100 h de stage)"
# abbreviation, name, level, grade de licence, duration, VAE, RNCP codes [(code, from, until)]
DIPLOMAS = [
    (
        "DEAES",
        "Diplôme d'État d'accompagnant éducatif et social",
        3,
        False,
        "12 à 24 mois",
        [("RNCP36004", "2021-09-01", None)],
    ),
    (
        "DEAF",
        "Diplôme d'État d'assistant familial",
        3,
        False,
        "240 h sur 18 à 24 mois",
        [("RNCP4503", "2006-03-01", None)],
    ),
    (
        "DEME",
        "Diplôme d'État de moniteur-éducateur",
        4,
        False,
        "2 ans",
        [("RNCP492", "2007-09-01", "2024-08-31"), ("RNCP39130", "2024-09-01", None)],
    ),
    (
        "DETISF",
        "Diplôme d'État de technicien de l'intervention sociale et familiale",
        4,
        False,
        "18 à 24 mois",
        [("RNCP4504", "2006-09-01", "2024-08-31"), ("RNCP39134", "2024-09-01", None)],
    ),
    (
        "DEASS",
        "Diplôme d'État d'assistant de service social",
        6,
        True,
        THREE_YEARS,
        [("RNCP37675", "2023-09-01", "2026-08-31"), ("RNCP41748", "2026-09-01", None)],
    ),
    (
        "DEES",
        "Diplôme d'État d'éducateur spécialisé",
        6,
        True,
        THREE_YEARS,
        [("RNCP34825", "2018-09-01", None)],
    ),
    (
        "DEEJE",
        "Diplôme d'État d'éducateur de jeunes enfants",
        6,
        True,
        THREE_YEARS,
        [("RNCP34826", "2018-09-01", None)],
    ),
    (
        "DEETS",
        "Diplôme d'État d'éducateur technique spécialisé",
        6,
        True,
        THREE_YEARS,
        [("RNCP34827", "2018-09-01", None)],
    ),
    (
        "DECESF",
        "Diplôme d'État de conseiller en économie sociale familiale",
        6,
        True,
        "1 an après un BTS ESF",
        [("RNCP34828", "2018-09-01", None)],
    ),
    (
        "DEMF",
        "Diplôme d'État de médiateur familial",
        6,
        False,
        "595 h sur 2 ans au plus",
        [("RNCP2028", "2004-01-01", None)],
    ),
    (
        "CAFERUIS",
        "Certificat d'aptitude aux fonctions d'encadrement et de responsable d'unité "
        "d'intervention sociale",
        6,
        False,
        "400 h + 420 h de stage sur 2 ans au plus",
        [("RNCP37737", "2023-06-01", None)],
    ),
    (
        "CAFDES",
        "Certificat d'aptitude aux fonctions de directeur d'établissement ou de service "
        "d'intervention sociale",
        7,
        False,
        "700 h + 510 h de stage sur 4 ans au plus",
        [("RNCP2514", "2007-09-01", None)],
    ),
    (
        "DEIS",
        "Diplôme d'État d'ingénierie sociale",
        7,
        False,
        "700 h sur 3 ans",
        [("RNCP35110", "2021-01-01", None)],
    ),
    (
        "MJPM",
        "Certificat national de compétence de mandataire judiciaire à la protection des majeurs",
        6,
        False,
        "300 h + 350 h de stage",
        [],
    ),
    (
        "DPF",
        "Certificat national de compétence de délégué aux prestations familiales",
        6,
        False,
        "165 h + 350 h de stage",
        [],
    ),
]
DESCRIPTIONS = {
    "DEES": "L'éducateur spécialisé accompagne des enfants, des adolescents et des adultes en "
    "difficulté (handicap, protection de l'enfance, insertion) dans leur vie quotidienne et dans "
    "leurs projets.\n\nLa formation alterne enseignements en établissement de formation et stages "
    "sur sites qualifiants. Elle confère le grade de licence.",
    "DEASS": "L'assistant de service social accueille, évalue et accompagne des personnes et des "
    "familles pour l'accès aux droits, au logement, à la santé, et mène des actions collectives "
    "et de développement social local.\n\nLa réforme de 2026 renouvelle la fiche RNCP du diplôme.",
}
CITIES_BY_DEPARTEMENT = {
    "33": ["Bordeaux", "Talence", "Mérignac"],
    "59": ["Lille", "Loos", "Valenciennes"],
    "62": ["Arras"],
    "69": ["Lyon", "Villeurbanne"],
    "13": ["Marseille", "Aix-en-Provence"],
    "75": ["Paris"],
    "93": ["Saint-Denis"],
    "94": ["Créteil"],
    "92": ["Nanterre"],
    "35": ["Rennes"],
    "44": ["Nantes", "Saint-Nazaire"],
    "67": ["Strasbourg"],
    "21": ["Dijon"],
    "25": ["Besançon"],
    "45": ["Orléans"],
    "37": ["Tours"],
    "14": ["Caen"],
    "76": ["Rouen"],
    "31": ["Toulouse"],
    "34": ["Montpellier", "Béziers"],
    "64": ["Pau", "Bayonne"],
    "87": ["Limoges"],
    "86": ["Poitiers"],
    "57": ["Metz"],
    "54": ["Nancy"],
    "51": ["Reims"],
    "80": ["Amiens"],
    "63": ["Clermont-Ferrand"],
    "38": ["Grenoble"],
    "42": ["Saint-Étienne"],
    "06": ["Nice"],
    "83": ["Toulon"],
    "29": ["Brest", "Quimper"],
    "49": ["Angers"],
    "2A": ["Ajaccio"],
    "974": ["Saint-Denis"],
    "971": ["Pointe-à-Pitre"],
    "972": ["Fort-de-France"],
}
SCHOOL_KINDS = [
    "Institut régional du travail social",
    "École supérieure de travail social",
    "Institut de formation en travail social",
    "Centre de formation aux métiers du social",
]
# Départements with a second school per city (big cities, several sites).
LARGE = {
    "25",
    "45",
    "06",
    "13",
    "14",
    "21",
    "29",
    "31",
    "33",
    "34",
    "35",
    "38",
    "44",
    "57",
    "59",
    "63",
    "67",
    "69",
    "75",
    "76",
    "92",
    "93",
    "94",
}
COMMON = ["DEES", "DEASS", "DEEJE", "DEME", "DEAES"]
RARE = ["DETISF", "DEETS", "DECESF", "DEMF", "CAFERUIS", "CAFDES", "DEIS", "DEAF", "MJPM", "DPF"]
FUNDING = [
    (
        "Compte personnel de formation (CPF)",
        "Caisse des dépôts",
        "Salariés et demandeurs d'emploi",
        "Les droits acquis chaque année financent tout ou partie d'une formation certifiante, "
        "dont les diplômes d'État du travail social et leurs blocs de compétences.",
        "https://www.moncompteformation.gouv.fr/",
    ),
    (
        "Projet de transition professionnelle",
        "Transitions Pro de votre région",
        "Salariés en reconversion",
        "Rémunération maintenue et frais pris en charge pendant la "
        "formation, après accord de la commission paritaire régionale.",
        "https://www.transitionspro.fr/",
    ),
    (
        "Aide individuelle à la formation (AIF)",
        "France Travail",
        "Demandeurs d'emploi",
        "Complète les autres financements quand la formation correspond au projet validé avec "
        "votre conseiller.",
        "https://www.francetravail.fr/",
    ),
    (
        "Apprentissage",
        "Opérateurs de compétences (OPCO Cohésion sociale, OPCO Santé)",
        "Jeunes jusqu'à 29 ans et personnes en situation de handicap",
        "Formation gratuite et rémunérée, en alternance chez un employeur du secteur.",
        "https://www.alternance.emploi.gouv.fr/",
    ),
    (
        "Plan de développement des compétences",
        "Votre employeur",
        "Salariés",
        "Votre employeur peut financer votre formation dans le cadre de son plan.",
        "",
    ),
    (
        "Validation des acquis de l'expérience (VAE)",
        "France VAE et financeurs associés",
        "Toute personne justifiant d'une expérience en lien avec le diplôme",
        "Depuis 2023, une plateforme unique accompagne le parcours et son financement.",
        "https://vae.gouv.fr/",
    ),
]
REGIONAL_GRANTS = [
    "nouvelle-aquitaine",
    "hauts-de-france",
    "auvergne-rhone-alpes",
    "ile-de-france",
    "occitanie",
    "bretagne",
    "grand-est",
    "pays-de-la-loire",
]
BRIDGES = [
    ("DEME", "DEES", "Allègement de formation et dispense de blocs de compétences communs."),
    (
        "DEAES",
        "DEME",
        "Dispense du bloc « accompagnement de la personne dans la vie quotidienne ».",
    ),
    ("DETISF", "DEME", "Dispense de blocs de compétences communs."),
    ("DEES", "DEASS", "Dispense des blocs de compétences transversaux (socle commun du niveau 6)."),
    ("DEASS", "DEES", "Dispense des blocs de compétences transversaux (socle commun du niveau 6)."),
    ("DEES", "DEEJE", "Dispense des blocs de compétences transversaux (socle commun du niveau 6)."),
    ("DEES", "CAFERUIS", "Allègement de formation pour les titulaires d'un diplôme de niveau 6."),
    ("CAFERUIS", "CAFDES", "Allègement de formation pour les titulaires du CAFERUIS."),
]
CHAPTERS = [
    ("Repères et cadre", "<p>Le cadre légal, les acteurs et les notions clés.</p>"),
    (
        "Situations de terrain",
        "<p>Trois situations analysées en groupe, avec grille de lecture."
        "</p><ul><li>Repérer</li><li>Comprendre</li><li>Agir</li></ul>",
    ),
    ("Outils", "<p>Les outils à mobiliser et leurs limites.</p>"),
    ("Évaluation", "<p>Une auto-évaluation et une mise en situation pour conclure.</p>"),
]
PRACTICES = [
    (
        "Un bus France services dans les villages",
        "31",
        "Les habitants des villages éloignés renoncent à leurs droits faute de transport.",
        "Un bus aménagé passe chaque semaine avec une conseillère et une travailleuse sociale.",
    ),
    (
        "Des pairs-aidants à l'accueil de jour",
        "59",
        "Les personnes sans domicile fuient les accueils trop institutionnels.",
        "Deux anciens usagers formés accueillent en binôme avec les éducateurs.",
    ),
    (
        "La cuisine partagée d'un CHRS",
        "33",
        "Les repas étaient un temps subi et conflictuel.",
        "Les résidents conçoivent menus et budget avec une CESF.",
    ),
    (
        "Le conseil de la vie sociale ouvert aux familles",
        "69",
        "Les familles d'un IME ne prenaient jamais la parole.",
        "Séances le samedi, garde d'enfants, ordre du jour co-écrit.",
    ),
    (
        "Aller-vers les jeunes dans les quartiers",
        "93",
        "Les jeunes de 16 à 25 ans ne poussent plus la porte de la mission locale.",
        "Une équipe de rue avec un éducateur de prévention et un conseiller.",
    ),
    (
        "Un médiateur numérique en CCAS",
        "35",
        "La dématérialisation écarte les plus âgés de leurs droits.",
        "Des permanences d'aide aux démarches et des ateliers en petit groupe.",
    ),
    (
        "Logement d'abord pour les sortants d'ASE",
        "44",
        "Des jeunes majeurs sortant de l'aide sociale à l'enfance se retrouvent à la rue.",
        "Un bail glissant et un accompagnement intensif pendant deux ans.",
    ),
    (
        "Des familles d'accueil relais",
        "67",
        "Les assistants familiaux s'épuisent sans solution de répit.",
        "Un réseau de familles relais formé pour des week-ends programmés.",
    ),
    (
        "Une cellule de recueil en visioconférence",
        "974",
        "Les délais d'évaluation des informations préoccupantes s'allongeaient.",
        "Évaluations croisées en binôme, y compris à distance pour les écarts.",
    ),
    (
        "Groupes de parole de parents en PMI",
        "13",
        "Les jeunes parents isolés consultent tard.",
        "Groupes mensuels co-animés par une EJE et une puéricultrice.",
    ),
    (
        "Des stages croisés entre écoles",
        "21",
        "Les étudiants connaissent mal les métiers voisins.",
        "Chaque étudiant passe une semaine dans la formation d'un autre diplôme.",
    ),
    (
        "Une épicerie solidaire gérée avec ses bénéficiaires",
        "62",
        "L'aide alimentaire était vécue comme stigmatisante.",
        "Les bénéficiaires siègent au bureau de l'association et tiennent la caisse.",
    ),
]


def load_training_demo(*, now=None):
    now = now or timezone.now()
    rng = random.Random(SEED)
    created = 0
    with paused():
        diplomas, count = _diplomas()
        created += count
        created += _funding()
        created += _bridges(diplomas)
        schools = _schools(diplomas, rng)
        created += len(schools)
        modules = _modules()
        created += modules
        practices = _practices(now)
        created += len(practices)
    for obj in [*diplomas.values(), *schools, *practices]:
        if getattr(obj, "_demo_new", False):
            search.index_object(obj)
    return f"{created} objet(s) de formation créé(s)"


def _diplomas():
    diplomas, created = {}, 0
    for position, (abbr, name, level, licence, duration, codes) in enumerate(DIPLOMAS):
        diploma, new = Diploma.objects.get_or_create(
            abbreviation=abbr,
            defaults={
                "name": name,
                "slug": abbr.lower(),
                "level": level,
                "grade_licence": licence,
                "duration": duration,
                "position": position,
                "description": DESCRIPTIONS.get(
                    abbr, f"{name} : le métier, la formation et les conditions d'accès."
                ),
                "via_apprenticeship": abbr not in ("DEAF", "CAFDES", "DEIS"),
                "via_vae": abbr not in ("MJPM", "DPF"),
                "via_blocks": level >= 4 and abbr not in ("MJPM", "DPF"),
            },
        )
        if new:
            for code, start, end in codes:
                RncpCode.objects.create(
                    diploma=diploma,
                    code=code,
                    valid_from=datetime.date.fromisoformat(start),
                    valid_until=datetime.date.fromisoformat(end) if end else None,
                )
            diploma._demo_new = True
            created += 1
        diplomas[abbr] = diploma
    return diplomas, created


def _funding():
    created = 0
    for position, (name, funder, beneficiaries, description, url) in enumerate(FUNDING):
        _obj, new = FundingScheme.objects.get_or_create(
            slug=slugify(name)[:200],
            defaults={
                "name": name,
                "funder": funder,
                "beneficiaries": beneficiaries,
                "description": description,
                "url": url,
                "position": position,
            },
        )
        created += new
    regions = {r.slug: r for r in Territory.objects.regions().filter(slug__in=REGIONAL_GRANTS)}
    for slug, region in sorted(regions.items()):
        scheme, new = FundingScheme.objects.get_or_create(
            slug=f"bourse-regionale-{slug}",
            defaults={
                "name": f"Bourse régionale des formations sociales — {region.name}",
                "funder": f"Région {region.name}",
                "beneficiaries": "Élèves et étudiants en formation initiale",
                "description": "Bourse sur critères sociaux, demande en ligne à chaque rentrée.",
                "is_national": False,
                "position": 50,
            },
        )
        if new:
            scheme.regions.set([region])
            created += 1
    return created


def _bridges(diplomas):
    created = 0
    for source, target, description in BRIDGES:
        _obj, new = CareerBridge.objects.get_or_create(
            from_diploma=diplomas[source],
            to_diploma=diplomas[target],
            defaults={"description": description},
        )
        created += new
    return created


def _schools(diplomas, rng):
    departements = {
        t.code: t for t in Territory.objects.departements().filter(code__in=CITIES_BY_DEPARTEMENT)
    }
    new_schools = []
    n = 0
    for code in sorted(CITIES_BY_DEPARTEMENT):
        for city in CITIES_BY_DEPARTEMENT[code]:
            for kind_index in range(2 if code in LARGE else 1):
                kind = SCHOOL_KINDS[(n + kind_index) % len(SCHOOL_KINDS)]
                name = f"{kind} de {city}" if kind_index == 0 else f"{kind} — {city} site 2"
                slug = slugify(f"{name}-{code}")[:200]
                n += 1
                if TrainingSchool.objects.filter(slug=slug).exists():
                    continue
                school = TrainingSchool.objects.create(
                    name=name,
                    slug=slug,
                    departement=departements[code],
                    city=city,
                    address=f"{rng.randint(1, 150)} avenue de la Solidarité",
                    website=f"https://{slug[:40]}.example.org/",
                )
                offered = COMMON[: 3 + rng.randint(0, 2)] + rng.sample(RARE, rng.randint(0, 3))
                if code == "33":
                    offered.append("DEES")
                school.diplomas.set({diplomas[a] for a in offered})
                school._demo_new = True
                new_schools.append(school)
    return new_schools


def _modules():
    created = 0
    for resource in Resource.objects.filter(
        resource_type__slug="module-de-formation", training_module__isnull=True
    ).order_by("slug")[:6]:
        module = TrainingModule.objects.create(
            resource=resource,
            objectives="Comprendre le cadre et les enjeux.\nAnalyser des situations.\n"
            "Mobiliser les bons outils et partenaires.",
            duration="2 jours (14 h)",
            audience="Professionnels et étudiants en travail social",
        )
        for position, (title, body) in enumerate(CHAPTERS, start=1):
            ModuleChapter.objects.create(module=module, position=position, title=title, body=body)
        created += 1
    return created


def _practices(now):
    organisations = list(Organisation.objects.order_by("slug")[:12])
    departements = {t.code: t for t in Territory.objects.departements()}
    themes = list(Theme.objects.order_by("position"))
    created = []
    for n, (title, code, problem, action) in enumerate(PRACTICES):
        slug = slugify(title)[:200]
        if Practice.objects.filter(slug=slug).exists() or not organisations:
            continue
        practice = Practice.objects.create(
            title=title,
            slug=slug,
            problem=problem,
            action=action,
            results="Plus de personnes accompagnées, des professionnels qui disent avoir "
            "retrouvé du sens, et une démarche reprise par d'autres structures.",
            organisation=organisations[n % len(organisations)],
            territory=departements[code],
            contact_name="Camille Martin" if n % 2 == 0 else "",
            contact_email="contact@example.org" if n % 2 == 0 else "",
            contact_consent=n % 4 == 0,
            featured=n < 4,
            status=ResourceStatus.PUBLISHED,
            publication_date=now - datetime.timedelta(days=10 + n * 7),
        )
        if themes:
            practice.themes.set([themes[n % len(themes)]])
        practice._demo_new = True
        created.append(practice)
    return created
