"""Deterministic, idempotent demo content for the resource centre.

Texts are assembled from French building blocks so that every resource type, theme, audience and
region is covered with varied, realistic titles, summaries and bodies. Running the loader twice
changes nothing: objects are looked up by slug and saved only when a field differs.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from resources.enums import Language, Licence, OrganisationKind, ResourceStatus
from resources.models import (
    Audience,
    Organisation,
    Resource,
    ResourceType,
    Territory,
    Theme,
)
from resources.richtext import sanitize_html

SEED = 2026
REFERENCE_DATE = datetime.datetime(2026, 11, 1, 9, 30, tzinfo=datetime.UTC)
RESOURCES_PER_TYPE = 21  # 16 types × 21 = 336 resources

# (name, kind, territory code or None for national, website)
ORGANISATIONS = [
    ("Conseil départemental du Nord", OrganisationKind.DEPARTEMENT, "59", "https://lenord.fr"),
    (
        "Conseil départemental de la Gironde",
        OrganisationKind.DEPARTEMENT,
        "33",
        "https://www.gironde.fr",
    ),
    (
        "Conseil départemental de la Haute-Garonne",
        OrganisationKind.DEPARTEMENT,
        "31",
        "https://www.haute-garonne.fr",
    ),
    ("Conseil départemental du Bas-Rhin", OrganisationKind.DEPARTEMENT, "67", ""),
    (
        "Conseil départemental de la Seine-Saint-Denis",
        OrganisationKind.DEPARTEMENT,
        "93",
        "https://seinesaintdenis.fr",
    ),
    ("Conseil départemental du Finistère", OrganisationKind.DEPARTEMENT, "29", ""),
    ("Conseil départemental de La Réunion", OrganisationKind.DEPARTEMENT, "974", ""),
    ("Ville de Paris — direction des solidarités", OrganisationKind.DEPARTEMENT, "75", ""),
    ("CCAS de Lyon", OrganisationKind.MUNICIPAL, "69", ""),
    ("CCAS de Marseille", OrganisationKind.MUNICIPAL, "13", ""),
    ("CCAS de Nantes", OrganisationKind.MUNICIPAL, "44", ""),
    ("CIAS du Grand Besançon", OrganisationKind.MUNICIPAL, "25", ""),
    (
        "Caisse nationale des allocations familiales",
        OrganisationKind.SOCIAL_SECURITY,
        None,
        "https://www.caf.fr",
    ),
    ("MSA Grand Sud", OrganisationKind.SOCIAL_SECURITY, "11", ""),
    (
        "Direction générale de la cohésion sociale",
        OrganisationKind.STATE,
        None,
        "https://solidarites.gouv.fr",
    ),
    ("DREES", OrganisationKind.STATE, None, "https://drees.solidarites-sante.gouv.fr"),
    ("DDETS du Pas-de-Calais", OrganisationKind.STATE, "62", ""),
    ("Protection judiciaire de la jeunesse — DIR Grand-Ouest", OrganisationKind.STATE, "35", ""),
    ("Uniopss", OrganisationKind.FEDERATION, None, "https://www.uniopss.asso.fr"),
    (
        "Fédération des acteurs de la solidarité",
        OrganisationKind.FEDERATION,
        None,
        "https://www.federationsolidarite.org",
    ),
    ("Nexem", OrganisationKind.FEDERATION, None, "https://www.nexem.fr"),
    ("CNAPE", OrganisationKind.FEDERATION, None, "https://www.cnape.fr"),
    ("Unaforis", OrganisationKind.FEDERATION, None, "https://www.unaforis.eu"),
    ("Association Sauvegarde du Nord", OrganisationKind.ASSOCIATION, "59", ""),
    ("Association Aurore", OrganisationKind.ASSOCIATION, "75", ""),
    ("Emmaüs Solidarité", OrganisationKind.ASSOCIATION, "75", ""),
    ("Les Petits Frères des Pauvres — Occitanie", OrganisationKind.ASSOCIATION, "31", ""),
    ("APF France handicap — Bretagne", OrganisationKind.ASSOCIATION, "35", ""),
    ("ATD Quart Monde", OrganisationKind.ASSOCIATION, None, "https://www.atd-quartmonde.fr"),
    ("Fondation Abbé Pierre", OrganisationKind.ASSOCIATION, None, ""),
    ("Habitat social de Loire-Atlantique", OrganisationKind.HOUSING, "44", ""),
    ("IRTS Hauts-de-France", OrganisationKind.TRAINING_SCHOOL, "59", ""),
    ("IRTS Nouvelle-Aquitaine", OrganisationKind.TRAINING_SCHOOL, "33", ""),
    ("IRTS Occitanie — ERASS", OrganisationKind.TRAINING_SCHOOL, "31", ""),
    ("ETSUP Paris", OrganisationKind.TRAINING_SCHOOL, "75", ""),
    ("IRTESS Bourgogne", OrganisationKind.TRAINING_SCHOOL, "21", ""),
    ("ASKORIA Bretagne", OrganisationKind.TRAINING_SCHOOL, "35", ""),
    ("EHESP", OrganisationKind.UNIVERSITY, "35", "https://www.ehesp.fr"),
    ("Université de Lille — laboratoire CeRIES", OrganisationKind.UNIVERSITY, "59", ""),
    ("CNAM — chaire Travail social et intervention sociale", OrganisationKind.RESEARCH, "75", ""),
]

TOPICS = {
    "protection-de-lenfance": [
        "l'évaluation des informations préoccupantes",
        "le projet pour l'enfant",
        "l'accueil familial",
        "la sortie de l'aide sociale à l'enfance à 18 ans",
    ],
    "handicap": [
        "l'accompagnement en SAVS",
        "l'habitat inclusif",
        "l'emploi accompagné des travailleurs handicapés",
    ],
    "autonomie-et-grand-age": [
        "la prévention de la perte d'autonomie à domicile",
        "l'isolement des personnes âgées",
        "le métier d'aide à domicile",
    ],
    "insertion-et-rsa": [
        "l'accompagnement des allocataires du RSA",
        "le contrat d'engagement réciproque",
        "l'insertion par l'activité",
    ],
    "lutte-contre-la-pauvrete": [
        "le non-recours aux droits",
        "l'aide alimentaire",
        "les points conseil budget",
    ],
    "hebergement-et-logement": [
        "le Logement d'abord",
        "l'hébergement d'urgence en CHRS",
        "la prévention des expulsions locatives",
    ],
    "sante-mentale": [
        "la santé mentale des jeunes",
        "les équipes mobiles psychiatrie-précarité",
        "le rétablissement en santé mentale",
    ],
    "familles-et-parentalite": [
        "le soutien à la parentalité",
        "la médiation familiale",
        "les lieux d'accueil enfants-parents",
    ],
    "jeunesse": [
        "les jeunes majeurs",
        "la prévention spécialisée",
        "le contrat d'engagement jeune",
    ],
    "migrations-et-mineurs-non-accompagnes": [
        "l'accueil des mineurs non accompagnés",
        "l'interprétariat en travail social",
    ],
    "protection-juridique-des-majeurs": [
        "le métier de mandataire judiciaire",
        "l'habilitation familiale",
    ],
    "violences-intrafamiliales-et-sexuelles": [
        "le repérage des violences conjugales",
        "les enfants covictimes de violences",
    ],
    "acces-aux-droits": ["les maisons France services", "la domiciliation administrative"],
    "developpement-social-local": [
        "le diagnostic social de territoire",
        "les démarches de développement du pouvoir d'agir",
    ],
    "sens-du-travail-social": ["le sens du travail social", "l'éthique en travail social"],
    "accompagnement-global": ["l'accompagnement global", "la référence de parcours"],
    "debureaucratisation": ["la simplification administrative", "le temps administratif"],
    "competences-partagees": [
        "le travail en équipe pluriprofessionnelle",
        "le secret professionnel partagé",
    ],
    "aller-vers": ["l'aller-vers", "les maraudes"],
    "pair-aidance": ["la pair-aidance", "les travailleurs pairs"],
    "participation-des-personnes-accompagnees": [
        "la participation des personnes accompagnées",
        "le conseil de la vie sociale",
    ],
    "transition-ecologique": [
        "la transition écologique dans les établissements sociaux",
        "la précarité énergétique",
    ],
    "transition-demographique": [
        "le vieillissement des professionnels",
        "l'attractivité des métiers du social",
    ],
    "transition-numerique": ["l'inclusion numérique", "l'usage des outils numériques en entretien"],
}

TITLE_PATTERNS = {
    "guide": ["Guide pratique : {topic}", "{Topic} : le guide des professionnels"],
    "fiche-pratique": ["Fiche pratique — {topic}", "{Topic} en 10 questions"],
    "module-de-formation": ["Module de formation : {topic}", "Se former à {topic}"],
    "rapport": ["Rapport sur {topic}", "{Topic} : rapport d'évaluation"],
    "etude": ["Étude : {topic} en {place}", "Ce que nous apprend {topic}"],
    "article": ["{Topic} : regards croisés", "Repenser {topic}"],
    "ouvrage": ["{Topic}. Pratiques et enjeux", "Travail social et {topic}"],
    "these": ["Thèse : {topic}, une sociologie du quotidien", "Thèse — {topic} et institutions"],
    "memoire": ["Mémoire DEIS : {topic}", "Mémoire CAFERUIS : {topic}"],
    "actes-de-colloque": ["Actes du colloque « {topic} »", "Journée d'étude : {topic}"],
    "retour-dexperience": [
        "Pratique inspirante : {topic} en {place}",
        "Retour d'expérience — {topic}",
    ],
    "video": [
        "Vidéo : {topic} expliqué par les éducatrices et éducateurs",
        "Vidéo — {topic} sur le terrain",
    ],
    "podcast": ["Podcast : paroles de professionnels sur {topic}", "Podcast — {topic}"],
    "outil": ["Outil d'autodiagnostic : {topic}", "Boîte à outils : {topic}"],
    "jeu-de-donnees": ["Données : {topic} en {place}", "Enquête nationale sur {topic}"],
    "texte-de-reference": ["Texte de référence : {topic}", "Circulaire relative à {topic}"],
}

PEOPLE = [
    "Claire Martin",
    "Karim Benali",
    "Sophie Lefèvre",
    "Jean-Marc Dupuis",
    "Awa Diallo",
    "Nathalie Roux",
    "Thomas Moreau",
    "Fatima Haddad",
    "Luc Girard",
    "Émilie Fontaine",
    "Yannick Le Goff",
    "Isabelle Petit",
    "Mathieu Garnier",
    "Aïcha Traoré",
]
TAGS = [
    "éducateur spécialisé",
    "assistante de service social",
    "DEES",
    "DEASS",
    "VAE",
    "accompagnement",
    "partenariat",
    "évaluation",
    "territoire",
    "bonnes pratiques",
    "référentiel",
    "formation continue",
    "éducatrices",
    "CESF",
    "moniteur-éducateur",
]


def _pdf_bytes(title):
    """A minimal valid one-page PDF whose text is the title (ASCII-only)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 72 720 Td ({text[:80]}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@dataclass
class ResourceSpec:
    slug: str
    fields: dict
    themes: list
    audiences: list
    territories: list
    tags: list
    with_file: bool = False
    scheduled_in_days: int | None = None
    related: list = field(default_factory=list)


def _body(topic, theme_name, audience_names, place, rng):
    points = rng.sample(
        [
            "clarifier le cadre légal et les responsabilités de chacun",
            "partir de la parole des personnes accompagnées",
            "travailler en réseau avec les partenaires du territoire",
            "prendre le temps de l'évaluation partagée",
            "soutenir les équipes par l'analyse des pratiques",
            "valoriser les savoirs d'expérience",
            "simplifier les démarches administratives",
            "articuler accompagnement individuel et action collective",
        ],
        4,
    )
    items = "".join(f"<li>{point.capitalize()}</li>" for point in points)
    return (
        f"<h2>Pourquoi ce sujet</h2><p>{topic.capitalize()} est au cœur des pratiques en "
        f"{theme_name.lower()}. Les professionnels de {place} ont partagé leurs constats, leurs "
        f"difficultés et les solutions qu'ils ont construites avec les personnes accompagnées.</p>"
        f"<h2>Repères pour agir</h2><ul>{items}</ul>"
        f"<h2>Pour qui</h2><p>Cette ressource s'adresse en priorité aux "
        f"{', '.join(name.lower() for name in audience_names)}.</p>"
    )


def build_specs():
    """The full list of demo resources, identical on every call."""
    rng = random.Random(SEED)
    types = list(ResourceType.objects.order_by("position"))
    themes = list(Theme.objects.order_by("position"))
    audiences = list(Audience.objects.order_by("position"))
    regions = list(Territory.objects.regions().order_by("code"))
    departements = list(Territory.objects.departements().order_by("code"))
    national = Territory.objects.get(kind="national")
    own = [slugify(name)[:255] for name, *_rest in ORGANISATIONS]
    organisations = list(Organisation.objects.filter(slug__in=own).order_by("slug"))
    specs = []
    counter = 0
    for rtype in types:
        patterns = TITLE_PATTERNS.get(rtype.slug, ["{Topic}"])
        for n in range(RESOURCES_PER_TYPE):
            theme = themes[counter % len(themes)]
            second_theme = themes[(counter * 7 + 3) % len(themes)]
            topic = TOPICS.get(theme.slug, [theme.name.lower()])[
                n % len(TOPICS.get(theme.slug, [1]))
            ]
            if n % 3 == 0:
                territory = national
                place = "toute la France"
            elif n % 3 == 1:
                territory = regions[counter % len(regions)]
                place = territory.name
            else:
                territory = departements[(counter * 5) % len(departements)]
                place = territory.name
            chosen_audiences = [
                audiences[counter % len(audiences)],
                audiences[(counter + 3) % len(audiences)],
            ]
            pattern = patterns[n % len(patterns)]
            title = pattern.format(topic=topic, Topic=topic[0].upper() + topic[1:], place=place)
            if n >= len(patterns) * 3:
                title = (
                    f"{title} ({place})"
                    if "{place}" not in pattern
                    else f"{title} — {2019 + n % 8}"
                )
            slug = slugify(f"{rtype.slug}-{title}")[:200]
            days_back = rng.randint(0, 7 * 365)
            status = ResourceStatus.PUBLISHED
            scheduled = None
            if counter % 37 == 5:
                status = ResourceStatus.DRAFT
            elif counter % 53 == 7:
                status = ResourceStatus.REVIEW
            elif counter % 67 == 11:
                scheduled = 3 + counter % 20
            names = rng.sample(PEOPLE, rng.randint(1, 3))
            specs.append(
                ResourceSpec(
                    slug=slug,
                    fields={
                        "title": title[:255],
                        "summary": (
                            f"{rtype.name} sur {topic}, à l'usage des "
                            f"{chosen_audiences[0].name.lower()} : constats, repères et "
                            f"exemples issus de {place}."
                        ),
                        "body": _body(
                            topic, theme.name, [a.name for a in chosen_audiences], place, rng
                        ),
                        "resource_type": rtype,
                        "source_organisation": organisations[counter % len(organisations)]
                        if organisations
                        else None,
                        "authors": "; ".join(names),
                        "publication_date": REFERENCE_DATE - datetime.timedelta(days=days_back),
                        "language": Language.EN if counter % 41 == 0 else Language.FR,
                        "licence": list(Licence)[counter % len(Licence)],
                        "external_url": f"https://www.example.org/ressources/{slug[:60]}"
                        if rtype.slug in ("video", "podcast", "texte-de-reference")
                        else "",
                        "status": status,
                    },
                    themes=[theme] if second_theme == theme else [theme, second_theme],
                    audiences=chosen_audiences,
                    territories=[territory],
                    tags=rng.sample(TAGS, 2),
                    with_file=rtype.slug in ("guide", "rapport", "etude") and n % 3 == 0,
                    scheduled_in_days=scheduled,
                )
            )
            counter += 1
    by_theme = {}
    for spec in specs:
        by_theme.setdefault(spec.themes[0].slug, []).append(spec.slug)
    for spec in specs:
        siblings = [s for s in by_theme[spec.themes[0].slug] if s != spec.slug]
        spec.related = siblings[:2]
    return specs


def load_organisations():
    territories = {t.code: t for t in Territory.objects.departements()}
    changed = 0
    for name, kind, code, website in ORGANISATIONS:
        values = {
            "name": name,
            "kind": kind,
            "territory": territories.get(code),
            "website": website,
        }
        changed += _upsert(Organisation, slugify(name)[:255], values)
    return changed


def _upsert(model, slug, values):
    """Create or update by slug, saving only when something differs; return 1 if it changed."""
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        model.objects.create(slug=slug, **values)
        return 1
    differing = [key for key, value in values.items() if getattr(obj, key) != value]
    if differing:
        for key in differing:
            setattr(obj, key, values[key])
        obj.save(update_fields=differing)
        return 1
    return 0


def load_resource(spec, *, now):
    """Create or update one demo resource; return it if anything changed, else None."""
    resource = Resource.objects.filter(slug=spec.slug).first()
    values = dict(spec.fields)
    values["body"] = sanitize_html(values["body"])  # what save() would store
    changed = False
    if resource is None:
        if spec.scheduled_in_days is not None:
            values["publication_date"] = now + datetime.timedelta(days=spec.scheduled_in_days)
        resource = Resource(slug=spec.slug, **values)
        resource.save()
        changed = True
    else:
        if spec.scheduled_in_days is not None:
            values.pop("publication_date")  # scheduled once; never pushed back on a rerun
        differing = [key for key, value in values.items() if getattr(resource, key) != value]
        if differing:
            for key in differing:
                setattr(resource, key, values[key])
            resource.save()
            changed = True
    for name, wanted in (
        ("themes", spec.themes),
        ("audiences", spec.audiences),
        ("territories", spec.territories),
    ):
        manager = getattr(resource, name)
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in wanted}:
            manager.set(wanted)
            changed = True
    if set(resource.tags.names()) != set(spec.tags):
        resource.tags.set(spec.tags)
        changed = True
    if spec.with_file and not resource.file:
        content = _pdf_bytes(resource.title)
        resource.file.save(f"{spec.slug[:40]}.pdf", ContentFile(content), save=False)
        resource.file_mime = "application/pdf"
        resource.file_size = len(content)
        resource.save()
        changed = True
    return resource if changed else None


def link_related(specs):
    """Set "related resources"; the relation is symmetrical, so compare both directions."""
    ids = dict(Resource.objects.filter(slug__in=[s.slug for s in specs]).values_list("slug", "pk"))
    wanted = {pk: set() for pk in ids.values()}
    for spec in specs:
        for slug in spec.related:
            if slug in ids:
                wanted[ids[spec.slug]].add(ids[slug])
                wanted[ids[slug]].add(ids[spec.slug])
    current = {pk: set() for pk in ids.values()}
    through = Resource.related.through
    for from_id, to_id in through.objects.filter(from_resource_id__in=ids.values()).values_list(
        "from_resource_id", "to_resource_id"
    ):
        current[from_id].add(to_id)
    changed = 0
    for pk, targets in wanted.items():
        if current[pk] != targets:
            Resource.objects.get(pk=pk).related.set(targets)
            changed += 1
    return changed


def now():
    return timezone.now()
