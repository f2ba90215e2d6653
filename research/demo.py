"""Demo content of the research pillar: `load_research_demo()`, called by `load_demo`.

Idempotent and deterministic: every row is found by its slug (or DOI) and updated in place, no
random values, dates relative to a fixed reference except the open call/contract deadlines,
which are kept in the future so the demo always shows something open.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from research.enums import (
    ContractType,
    ContributorRole,
    LabHostKind,
    ProjectStatus,
    ProjectType,
    PublicationType,
    Visibility,
)
from research.models import (
    ContractOffer,
    Lab,
    Project,
    ProjectContributor,
    Publication,
    PublicationContributor,
    Researcher,
)
from resources import search
from resources.enums import Licence, OrganisationKind
from resources.models import Organisation, Territory, Theme

# (slug, name, acronym, host kind, host organisation (slug, name, kind), region code, city,
#  themes, description, HAL collection)
LABS = [
    (
        "lisst-cers",
        "Laboratoire interdisciplinaire solidarités, sociétés, territoires",
        "LISST",
        LabHostKind.CNRS,
        (
            "universite-toulouse-jean-jaures",
            "Université Toulouse Jean Jaurès",
            OrganisationKind.UNIVERSITY,
        ),
        "76",
        "Toulouse",
        ["protection-de-lenfance", "familles-et-parentalite"],
        "Sociologie des politiques de protection de l'enfance et des familles.",
        "LISST",
    ),
    (
        "erasme-recherche",
        "Pôle recherche de l'Institut régional du travail social Occitanie",
        "IRTS-R",
        LabHostKind.TRAINING_SCHOOL,
        ("irts-occitanie", "IRTS Occitanie", OrganisationKind.TRAINING_SCHOOL),
        "76",
        "Montpellier",
        ["protection-de-lenfance", "participation-des-personnes-accompagnees"],
        "Recherche-action avec les professionnels de l'aide sociale à l'enfance.",
        "",
    ),
    (
        "lirdef",
        "Laboratoire interdisciplinaire de recherche en didactique, éducation et formation",
        "LIRDEF",
        LabHostKind.UNIVERSITY,
        ("universite-montpellier", "Université de Montpellier", OrganisationKind.UNIVERSITY),
        "76",
        "Montpellier",
        ["jeunesse", "protection-de-lenfance"],
        "Éducation et formation des travailleurs sociaux.",
        "LIRDEF",
    ),
    (
        "clerse",
        "Centre lillois d'études et de recherches sociologiques et économiques",
        "CLERSÉ",
        LabHostKind.CNRS,
        ("universite-lille", "Université de Lille", OrganisationKind.UNIVERSITY),
        "32",
        "Villeneuve-d'Ascq",
        ["insertion-et-rsa", "lutte-contre-la-pauvrete"],
        "Pauvreté, insertion et action publique.",
        "CLERSE",
    ),
    (
        "lab-cnam-tsis",
        "Chaire Travail social et intervention sociale",
        "CNAM-TSIS",
        LabHostKind.UNIVERSITY,
        ("cnam", "Conservatoire national des arts et métiers", OrganisationKind.UNIVERSITY),
        "11",
        "Paris",
        ["sens-du-travail-social", "competences-partagees"],
        "Professionnalisation et reconnaissance du travail social.",
        "",
    ),
    (
        "prefas-bretagne",
        "PREFAS Bretagne",
        "PREFAS-B",
        LabHostKind.TRAINING_SCHOOL,
        ("askoria", "Askoria", OrganisationKind.TRAINING_SCHOOL),
        "53",
        "Rennes",
        ["aller-vers", "pair-aidance"],
        "Pôle ressources recherche–intervention sociale.",
        "",
    ),
    (
        "centre-max-weber",
        "Centre Max Weber",
        "CMW",
        LabHostKind.CNRS,
        ("universite-lyon-2", "Université Lumière Lyon 2", OrganisationKind.UNIVERSITY),
        "84",
        "Lyon",
        ["autonomie-et-grand-age", "handicap"],
        "Travail, vieillissement et métiers du soin.",
        "CMW",
    ),
]

RESEARCHERS = [
    # (slug, given, family, role, lab, orcid, idhal, consent)
    (
        "claire-roux",
        "Claire",
        "Roux",
        "Professeure de sociologie",
        "lisst-cers",
        "0000-0002-1825-0097",
        "claire-roux",
        True,
    ),
    ("karim-benali", "Karim", "Benali", "Maître de conférences", "lisst-cers", "", "", True),
    (
        "sophie-lemaire",
        "Sophie",
        "Lemaire",
        "Formatrice-chercheuse",
        "erasme-recherche",
        "",
        "",
        True,
    ),
    ("julien-marchand", "Julien", "Marchand", "Doctorant CIFRE", "erasme-recherche", "", "", False),
    ("helene-dubois", "Hélène", "Dubois", "Directrice de recherche CNRS", "clerse", "", "", True),
    ("thomas-nguyen", "Thomas", "Nguyen", "Titulaire de la chaire", "lab-cnam-tsis", "", "", True),
    ("amelie-perrin", "Amélie", "Perrin", "Chargée de recherche", "prefas-bretagne", "", "", True),
    (
        "nicolas-faure",
        "Nicolas",
        "Faure",
        "Maître de conférences",
        "centre-max-weber",
        "",
        "",
        False,
    ),
]

PROJECTS = [
    # (slug, title, type, status, start, end, labs, themes, region codes, summary, participation)
    (
        "paroles-enfants-places",
        "Paroles d'enfants placés : co-construire le projet pour l'enfant",
        ProjectType.RESEARCH_ACTION,
        ProjectStatus.ONGOING,
        (2023, 9, 1),
        (2026, 6, 30),
        ["lisst-cers", "erasme-recherche"],
        ["protection-de-lenfance"],
        ["76"],
        "Une recherche-action en Haute-Garonne et dans l'Hérault avec des enfants confiés à l'ASE, "
        "leurs familles et les équipes éducatives.",
        "Un groupe de 8 jeunes anciennement placés co-analyse les entretiens et co-écrit les "
        "recommandations ; les éducatrices participent aux séminaires de restitution.",
    ),
    (
        "evaluation-referent-parcours",
        "Évaluer la démarche du référent de parcours",
        ProjectType.EVALUATION,
        ProjectStatus.COMPLETED,
        (2021, 1, 1),
        (2022, 12, 31),
        ["clerse"],
        ["insertion-et-rsa", "accompagnement-global"],
        ["32"],
        "Évaluation de la démarche du référent de parcours dans trois départements des "
        "Hauts-de-France.",
        "Des allocataires du RSA ont siégé au comité de suivi de l'évaluation.",
    ),
    (
        "these-aller-vers",
        "L'aller-vers dans les quartiers prioritaires : une thèse CIFRE",
        ProjectType.THESIS,
        ProjectStatus.ONGOING,
        (2024, 1, 15),
        None,
        ["prefas-bretagne"],
        ["aller-vers"],
        ["53"],
        "Thèse sur les pratiques d'aller-vers des équipes de prévention spécialisée.",
        "",
    ),
    (
        "metiers-du-grand-age",
        "Les métiers du grand âge en tension",
        ProjectType.STUDY,
        ProjectStatus.COMPLETED,
        (2022, 3, 1),
        (2023, 9, 30),
        ["centre-max-weber"],
        ["autonomie-et-grand-age"],
        ["84"],
        "Étude des conditions de travail et de l'attractivité des métiers de l'aide à domicile.",
        "Des aides à domicile ont participé aux ateliers d'analyse des résultats.",
    ),
    (
        "reconnaissance-travail-social",
        "Reconnaître le travail social : compétences partagées",
        ProjectType.STUDY,
        ProjectStatus.PLANNED,
        (2026, 1, 1),
        None,
        ["lab-cnam-tsis"],
        ["competences-partagees", "sens-du-travail-social"],
        [],
        "Étude nationale sur les compétences partagées entre métiers du travail social.",
        "",
    ),
    (
        "jeunes-majeurs-occitanie",
        "Sortir de l'ASE à 18 ans en Occitanie",
        ProjectType.RESEARCH_ACTION,
        ProjectStatus.ONGOING,
        (2024, 9, 1),
        (2027, 8, 31),
        ["erasme-recherche", "lirdef"],
        ["protection-de-lenfance", "jeunesse"],
        ["76"],
        "Recherche-action sur l'accompagnement des jeunes majeurs sortant de la protection de "
        "l'enfance.",
        "Des jeunes majeurs sont co-chercheurs rémunérés ; ils ont choisi d'apparaître sous "
        "pseudonyme.",
    ),
]

VENUES = {
    PublicationType.ARTICLE: [
        "Revue française de service social",
        "Vie sociale",
        "Sociétés et jeunesses en difficulté",
        "Revue des politiques sociales et familiales",
    ],
    PublicationType.REPORT: ["Rapport de recherche"],
    PublicationType.THESIS: [""],
    PublicationType.BOOK: ["Collection Politiques et interventions sociales"],
    PublicationType.CHAPTER: ["Le travail social en débat(s)"],
    PublicationType.COMMUNICATION: ["Congrès de l'AFS", "Journées de l'ACOFIS"],
    PublicationType.DATASET: ["Entrepôt Recherche Data Gouv"],
}
SUBJECTS = [
    ("la parole des enfants placés", "protection-de-lenfance"),
    ("le pouvoir d'agir des familles", "familles-et-parentalite"),
    ("l'accompagnement des jeunes majeurs", "jeunesse"),
    ("la pair-aidance dans les équipes", "pair-aidance"),
    ("l'aller-vers en prévention spécialisée", "aller-vers"),
    ("le non-recours au RSA", "insertion-et-rsa"),
    ("les métiers de l'aide à domicile", "autonomie-et-grand-age"),
    ("le sens du travail social", "sens-du-travail-social"),
    ("la participation des personnes accompagnées", "participation-des-personnes-accompagnees"),
    ("la débureaucratisation de l'accompagnement", "debureaucratisation"),
]
FORMS = [
    "Comprendre {s}",
    "Repenser {s}",
    "Enquête sur {s}",
    "{S} : regards croisés",
    "{S} en pratiques",
]
TYPES = [
    PublicationType.ARTICLE,
    PublicationType.ARTICLE,
    PublicationType.REPORT,
    PublicationType.COMMUNICATION,
    PublicationType.CHAPTER,
    PublicationType.ARTICLE,
    PublicationType.THESIS,
    PublicationType.BOOK,
    PublicationType.DATASET,
]
# Which lab and project each subject belongs to.
SUBJECT_LABS = [
    "lisst-cers",
    "lisst-cers",
    "erasme-recherche",
    "prefas-bretagne",
    "prefas-bretagne",
    "clerse",
    "centre-max-weber",
    "lab-cnam-tsis",
    "erasme-recherche",
    "lab-cnam-tsis",
]
SUBJECT_PROJECTS = [
    "paroles-enfants-places",
    "",
    "jeunes-majeurs-occitanie",
    "",
    "these-aller-vers",
    "evaluation-referent-parcours",
    "metiers-du-grand-age",
    "",
    "paroles-enfants-places",
    "reconnaissance-travail-social",
]
PUBLICATION_COUNT = 60


def _upsert(model, slug, defaults):
    """Create the row, or update only what differs (a second run writes nothing)."""
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        return model.objects.create(slug=slug, **defaults)
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        if any(f.name == "updated_at" for f in model._meta.fields):
            changed.append("updated_at")
        obj.save(update_fields=changed)
    return obj


def _set_contributors(model, parent_field, parent, rows):
    """Replace the contributors only when they differ; re-index the parent then."""
    keys = [
        "position",
        "researcher_id",
        "family_name",
        "given_names",
        "role",
        "visibility",
        "pseudonym",
        "affiliation",
    ]
    current = [
        tuple(getattr(c, k) for k in keys)
        for c in model.objects.filter(**{parent_field: parent}).order_by("position", "pk")
    ]
    wanted = [tuple(getattr(c, k) for k in keys) for c in rows]
    if current == wanted:
        return
    model.objects.filter(**{parent_field: parent}).delete()
    model.objects.bulk_create(rows)
    search.index_object(parent)  # bulk_create sends no signal


def _organisation(slug, name, kind, region):
    """A shared organisation: reuse the resource centre's one (by slug or name) untouched."""
    existing = Organisation.objects.filter(Q(slug=slug) | Q(name=name)).order_by("pk").first()
    return existing or Organisation.objects.create(
        slug=slug, name=name, kind=kind, territory=region
    )


@transaction.atomic
def load_research_demo():
    """Create or update the research demo content. Side effects: writes rows, indexes them."""
    regions = {t.code: t for t in Territory.objects.regions()}
    themes = {t.slug: t for t in Theme.objects.all()}
    labs = {}
    for slug, name, acronym, host_kind, (
        org_slug,
        org_name,
        org_kind,
    ), region_code, city, theme_slugs, description, hal in LABS:
        region = regions.get(region_code)
        lab = _upsert(
            Lab,
            slug,
            {
                "name": name,
                "acronym": acronym,
                "host_kind": host_kind,
                "host_organisation": _organisation(org_slug, org_name, org_kind, region),
                "region": region,
                "city": city,
                "description": description,
                "website": f"https://{slug}.example.fr",
                "hal_collection": hal,
                "is_public": True,
            },
        )
        lab.themes.set([themes[s] for s in theme_slugs if s in themes])
        labs[slug] = lab

    researchers = {}
    for slug, given, family, role, lab_slug, orcid, idhal, consent in RESEARCHERS:
        researcher = _upsert(
            Researcher,
            slug,
            {
                "given_names": given,
                "family_name": family,
                "role": role,
                "lab": labs[lab_slug],
                "orcid": orcid,
                "idhal": idhal,
                "public_profile": consent,
                "consent_date": datetime.date(2024, 1, 15) if consent else None,
            },
        )
        researcher.themes.set(labs[lab_slug].themes.all())
        researchers[slug] = researcher
    by_lab = {}
    for researcher in researchers.values():
        by_lab.setdefault(researcher.lab.slug, []).append(researcher)

    departement = _organisation(
        "conseil-departemental-haute-garonne",
        "Conseil départemental de la Haute-Garonne",
        OrganisationKind.DEPARTEMENT,
        regions.get("76"),
    )
    association = _organisation(
        "association-jeunes-majeurs-occitanie",
        "Association Repairs! Occitanie",
        OrganisationKind.ASSOCIATION,
        regions.get("76"),
    )
    projects = {}
    for (
        slug,
        title,
        project_type,
        status,
        start,
        end,
        lab_slugs,
        theme_slugs,
        region_codes,
        summary,
        participation,
    ) in PROJECTS:
        project = _upsert(
            Project,
            slug,
            {
                "title": title,
                "project_type": project_type,
                "status": status,
                "start_date": datetime.date(*start),
                "end_date": end and datetime.date(*end),
                "summary": summary,
                "participation": participation,
                "funding": "INTS et conseil départemental" if "76" in region_codes else "INTS",
                "is_public": True,
            },
        )
        project.labs.set([labs[s] for s in lab_slugs])
        project.themes.set([themes[s] for s in theme_slugs if s in themes])
        project.territories.set([regions[c] for c in region_codes if c in regions])
        if "76" in region_codes:
            project.partner_organisations.set([departement, association])
        people = [r for lab_slug in lab_slugs for r in by_lab.get(lab_slug, [])]
        rows = [
            ProjectContributor(
                project=project,
                position=i,
                researcher=r,
                family_name=r.family_name,
                given_names=r.given_names,
                role=ContributorRole.SUPERVISOR if i == 0 else ContributorRole.AUTHOR,
            )
            for i, r in enumerate(people)
        ]
        if participation:
            rows.append(
                ProjectContributor(
                    project=project,
                    position=len(rows),
                    role=ContributorRole.PRACTITIONER,
                    family_name="Garcia",
                    given_names="Inès",
                    affiliation="Service ASE",
                )
            )
            rows.append(
                ProjectContributor(
                    project=project,
                    position=len(rows),
                    role=ContributorRole.PERSON_SUPPORTED,
                    visibility=Visibility.PSEUDONYM,
                    pseudonym="Collectif des jeunes co-chercheurs",
                )
            )
        _set_contributors(ProjectContributor, "project", project, rows)
        projects[slug] = project

    for n in range(PUBLICATION_COUNT):
        _publication(n, labs=labs, projects=projects, themes=themes, by_lab=by_lab)

    now = timezone.now()
    contracts = [
        (
            "cifre-protection-enfance-toulouse",
            "Les décisions de placement vues par les familles",
            ContractType.CIFRE,
            "lisst-cers",
            "claire-roux",
            departement,
        ),
        (
            "doctorat-jeunes-majeurs",
            "Devenir adulte après la protection de l'enfance",
            ContractType.DOCTORAL,
            "lirdef",
            "",
            None,
        ),
        (
            "postdoc-pair-aidance",
            "La pair-aidance dans le travail social",
            ContractType.POSTDOC,
            "prefas-bretagne",
            "amelie-perrin",
            None,
        ),
    ]
    for i, (slug, title, contract_type, lab_slug, supervisor, employer) in enumerate(contracts):
        existing = ContractOffer.objects.filter(slug=slug).values_list("deadline", flat=True)
        # Keep the demo's offers open: a deadline ahead, kept as is while it is still ahead.
        deadline = next((d for d in existing if d > now), None) or (
            now + datetime.timedelta(days=30 + 15 * i)
        ).replace(hour=21, minute=59, second=0, microsecond=0)
        offer = _upsert(
            ContractOffer,
            slug,
            {
                "title": title,
                "contract_type": contract_type,
                "lab": labs[lab_slug],
                "supervisor": researchers.get(supervisor),
                "supervisor_name": "" if supervisor else "Pr Marc Olivier",
                "employer": employer,
                "description": f"{title} : sujet de recherche proposé par le laboratoire.",
                "funding": "Subvention ANRT 14 000 € par an"
                if contract_type == ContractType.CIFRE
                else "Financement de l'établissement",
                "start_date": datetime.date(2026, 10, 1),
                "duration_months": 12 if contract_type == ContractType.POSTDOC else 36,
                "deadline": deadline,
                "how_to_apply": "Envoyer un CV, une lettre de motivation et le relevé de notes du "
                "master.",
                "contact_email": f"contact@{lab_slug}.example.fr",
                "is_public": True,
            },
        )
        offer.themes.set(labs[lab_slug].themes.all())


def _publication(n, *, labs, projects, themes, by_lab):
    subject, theme_slug = SUBJECTS[n % len(SUBJECTS)]
    form = FORMS[(n // len(SUBJECTS)) % len(FORMS)]
    title = form.format(s=subject, S=subject[0].upper() + subject[1:])
    if n >= len(SUBJECTS) * len(FORMS):
        title += f" ({n})"
    publication_type = TYPES[n % len(TYPES)]
    venues = VENUES[publication_type]
    lab = labs[SUBJECT_LABS[n % len(SUBJECTS)]]
    slug = f"demo-{n + 1:02d}-" + "-".join(
        word for word in title.lower().replace("'", " ").replace(":", " ").split()[:5]
    )
    slug = slugify(slug)[:120]
    publication = _upsert(
        Publication,
        slug,
        {
            "title": title,
            "publication_type": publication_type,
            "year": 2014 + n % 12,
            "venue": venues[n % len(venues)],
            "publisher": "Presses de l'EHESP"
            if publication_type == PublicationType.BOOK
            else (
                lab.host_organisation.name
                if publication_type in (PublicationType.THESIS, PublicationType.REPORT)
                else ""
            ),
            "volume": str(30 + n % 10) if publication_type == PublicationType.ARTICLE else "",
            "issue": str(1 + n % 4) if publication_type == PublicationType.ARTICLE else "",
            "pages": f"{10 + n}-{30 + n}"
            if publication_type in (PublicationType.ARTICLE, PublicationType.CHAPTER)
            else "",
            "doi": f"10.99999/ints-demo.{n + 1:03d}" if n % 3 != 2 else "",
            "hal_id": f"hal-0{4000000 + n}" if n % 4 == 0 else "",
            "abstract": f"Cette publication porte sur {subject}. Elle s'appuie sur une enquête "
            f"menée avec des professionnels et des personnes accompagnées.",
            "keywords": f"{subject}; travail social; recherche participative",
            "open_access_url": f"https://hal.science/hal-0{4000000 + n}" if n % 4 == 0 else "",
            "licence": Licence.CC_BY if n % 4 == 0 else "",
            "is_public": True,
        },
    )
    publication.labs.set([lab])
    if theme_slug in themes:
        publication.themes.set([themes[theme_slug]])
    project_slug = SUBJECT_PROJECTS[n % len(SUBJECTS)]
    publication.projects.set([projects[project_slug]] if project_slug else [])
    people = by_lab.get(lab.slug, [])
    rows = [
        PublicationContributor(
            publication=publication,
            position=i,
            researcher=r,
            family_name=r.family_name,
            given_names=r.given_names,
        )
        for i, r in enumerate(people[: 1 + n % 2])
    ]
    if n % 5 == 0:
        rows.append(
            PublicationContributor(
                publication=publication,
                position=len(rows),
                role=ContributorRole.PERSON_SUPPORTED,
                visibility=Visibility.PSEUDONYM,
                pseudonym="Collectif Paroles",
            )
        )
    if n % 7 == 0:
        rows.append(
            PublicationContributor(
                publication=publication,
                position=len(rows),
                role=ContributorRole.PRACTITIONER,
                visibility=Visibility.ANONYMOUS,
            )
        )
    _set_contributors(PublicationContributor, "publication", publication, rows)
