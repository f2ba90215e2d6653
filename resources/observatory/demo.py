"""Deterministic, idempotent demo content for the observatory (called by `load_demo`).

Eight datasets from partner federations and labs, each with one to three indicators whose
values follow plausible trends (orders of magnitude from DREES and federation publications, not
real figures). Running the loader twice changes nothing: objects are found by slug or name and
saved only when a field differs; values are rewritten only when they differ.
"""

import csv
import datetime
import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils.text import slugify

from resources import search
from resources.enums import Licence, OrganisationKind, ResourceStatus, TerritoryKind
from resources.models import Organisation, Territory, Theme
from resources.observatory import csv_io
from resources.observatory.enums import ChartType, Frequency, IndicatorKind
from resources.observatory.formatting import period_code
from resources.observatory.models import DataPoint, Dataset, DatasetFile, Indicator
from resources.signals import paused
from resources.uploads import CSV

PUBLISHED_AT = datetime.datetime(2026, 9, 15, 9, 0, tzinfo=datetime.UTC)

PRODUCERS = {
    "unaforis": ("Unaforis", OrganisationKind.FEDERATION, "https://www.unaforis.eu"),
    "nexem": ("Nexem", OrganisationKind.FEDERATION, "https://www.nexem.fr"),
    "cnape": ("CNAPE", OrganisationKind.FEDERATION, "https://www.cnape.fr"),
    "uniopss": ("Uniopss", OrganisationKind.FEDERATION, "https://www.uniopss.asso.fr"),
    "drees": ("DREES", OrganisationKind.STATE, "https://drees.solidarites-sante.gouv.fr"),
    "federation-des-acteurs-de-la-solidarite": (
        "Fédération des acteurs de la solidarité",
        OrganisationKind.FEDERATION,
        "https://www.federationsolidarite.org",
    ),
    "universite-de-lille-laboratoire-ceries": (
        "Université de Lille — laboratoire CeRIES",
        OrganisationKind.UNIVERSITY,
        "",
    ),
    "ehesp": ("EHESP", OrganisationKind.UNIVERSITY, "https://www.ehesp.fr"),
}

METROPOLITAN_REGIONS = [
    "11",
    "24",
    "27",
    "28",
    "32",
    "44",
    "52",
    "53",
    "75",
    "76",
    "84",
    "93",
    "94",
]
HAUTS_DE_FRANCE = ["02", "59", "60", "62", "80"]


def _series(
    name,
    *,
    start,
    values,
    unit,
    decimals=0,
    chart=ChartType.LINE,
    frequency=Frequency.ANNUAL,
    description="",
    source="",
):
    return {
        "name": name,
        "kind": IndicatorKind.TIME_SERIES,
        "unit": unit,
        "decimals": decimals,
        "chart_type": chart,
        "frequency": frequency,
        "description": description,
        "source_note": source,
        "start": start,
        "values": values,
    }


def _by_territory(name, *, kind, codes, values, unit, decimals=0, description="", source=""):
    return {
        "name": name,
        "kind": IndicatorKind.BY_TERRITORY,
        "unit": unit,
        "decimals": decimals,
        "chart_type": ChartType.LINE,
        "frequency": Frequency.ANNUAL,
        "description": description,
        "source_note": source,
        "territory_kind": kind,
        "codes": codes,
        "values": values,
    }


def _trend(seed, *, count, first, growth, noise, decimals=0):
    """`count` values from `first`, growing by `growth` a period, with a little seeded noise."""
    rng = random.Random(seed)
    values, current = [], first
    for _i in range(count):
        jitter = 1 + rng.uniform(-noise, noise)
        values.append(round(Decimal(current * jitter), decimals))
        current *= 1 + growth
    return values


def _spread(seed, *, count, low, high, decimals=0):
    rng = random.Random(seed)
    return [round(Decimal(rng.uniform(low, high)), decimals) for _i in range(count)]


def build_specs():
    """The demo datasets, from fixed seeds: the same values on every machine and every run."""
    return [
        {
            "slug": "effectifs-en-formation-par-diplome-2015-2025",
            "title": "Effectifs en formation aux diplômes d'État du travail social, 2015–2025",
            "summary": "Nombre d'étudiantes et d'étudiants inscrits en formation préparant un "
            "diplôme d'État du travail social, chaque année, en formation initiale, "
            "apprentissage et formation continue.",
            "methodology": "Enquête annuelle auprès des établissements de formation en travail "
            "social (EFTS), au 31 décembre de chaque année. Champ : France "
            "entière, hors Mayotte jusqu'en 2018. Les effectifs 2025 sont "
            "provisoires.",
            "producers": ["unaforis", "drees"],
            "period": (2015, 2025),
            "territories": [(TerritoryKind.NATIONAL, "FR")],
            "themes": ["competences-partagees", "sens-du-travail-social"],
            "indicators": [
                _series(
                    "Étudiants en formation, tous diplômes",
                    start=2015,
                    values=_trend(
                        "effectifs-total", count=11, first=61500, growth=-0.012, noise=0.01
                    ),
                    unit="personnes",
                    description="Toutes voies d'accès confondues.",
                    source="DREES, enquête Écoles de formation aux professions sociales ; "
                    "traitement Unaforis",
                ),
                _series(
                    "Étudiants en formation d'éducateur spécialisé (DEES)",
                    start=2015,
                    values=_trend(
                        "effectifs-dees", count=11, first=14800, growth=-0.015, noise=0.015
                    ),
                    unit="personnes",
                    chart=ChartType.BAR,
                    source="DREES, enquête Écoles",
                ),
                _by_territory(
                    "Étudiants en formation par région en 2024",
                    kind=TerritoryKind.REGION,
                    codes=METROPOLITAN_REGIONS,
                    values=[
                        Decimal(v)
                        for v in (
                            11200,
                            1900,
                            2100,
                            2600,
                            5600,
                            4300,
                            3000,
                            3100,
                            5200,
                            5100,
                            6400,
                            4200,
                            310,
                        )
                    ],
                    unit="personnes",
                    source="DREES, enquête Écoles 2024",
                ),
            ],
        },
        {
            "slug": "postes-vacants-par-region-2024",
            "title": "Postes vacants dans le secteur social et médico-social par région, 2024",
            "summary": "Part des postes d'intervention sociale non pourvus au 30 juin 2024 dans "
            "les établissements et services adhérents, par région, et évolution "
            "nationale depuis 2019.",
            "methodology": "Enquête déclarative en ligne auprès des adhérents (1 412 "
            "établissements répondants, taux de réponse 38 %). Un poste est "
            "vacant s'il est inoccupé et ouvert au recrutement depuis au moins "
            "un mois.",
            "producers": ["nexem", "federation-des-acteurs-de-la-solidarite"],
            "period": (2019, 2024),
            "territories": [(TerritoryKind.NATIONAL, "FR")],
            "themes": ["protection-de-lenfance", "handicap", "hebergement-et-logement"],
            "indicators": [
                _by_territory(
                    "Taux de postes vacants par région",
                    kind=TerritoryKind.REGION,
                    codes=METROPOLITAN_REGIONS,
                    values=_spread("vacants-region", count=13, low=3.5, high=9.5, decimals=1),
                    unit="%",
                    decimals=1,
                    source="Nexem et FAS, enquête emploi 2024",
                ),
                _series(
                    "Postes vacants déclarés au 30 juin (ensemble des répondants)",
                    start=2019,
                    values=[Decimal(v) for v in (1950, 2210, 2890, 3720, 3940, 3610)],
                    unit="postes",
                    chart=ChartType.BAR,
                    source="Nexem et FAS, enquêtes emploi 2019 à 2024",
                ),
                _by_territory(
                    "Taux de postes vacants dans les départements des Hauts-de-France",
                    kind=TerritoryKind.DEPARTEMENT,
                    codes=HAUTS_DE_FRANCE,
                    values=_spread("vacants-hdf", count=5, low=4, high=10, decimals=1),
                    unit="%",
                    decimals=1,
                    source="Nexem et FAS, enquête emploi 2024",
                ),
            ],
        },
        {
            "slug": "taux-de-rotation-protection-de-lenfance",
            "title": "Taux de rotation des professionnels de la protection de l'enfance",
            "summary": "Entrées et sorties de personnel rapportées à l'effectif moyen dans les "
            "maisons d'enfants à caractère social et les services d'AEMO.",
            "methodology": "Données sociales des adhérents (bilans sociaux), 412 structures "
            "suivies chaque année. Taux de rotation = (entrées + sorties) / 2 / "
            "effectif moyen.",
            "producers": ["cnape"],
            "period": (2016, 2024),
            "territories": [(TerritoryKind.NATIONAL, "FR")],
            "themes": ["protection-de-lenfance"],
            "indicators": [
                _series(
                    "Taux de rotation annuel",
                    start=2016,
                    values=_trend(
                        "rotation", count=9, first=14.2, growth=0.045, noise=0.03, decimals=1
                    ),
                    unit="%",
                    decimals=1,
                    source="CNAPE, bilans sociaux des adhérents",
                ),
                _series(
                    "Ancienneté moyenne dans la structure",
                    start=2016,
                    values=_trend(
                        "anciennete", count=9, first=9.8, growth=-0.03, noise=0.02, decimals=1
                    ),
                    unit="ans",
                    decimals=1,
                    chart=ChartType.BAR,
                    source="CNAPE, bilans sociaux des adhérents",
                ),
            ],
        },
        {
            "slug": "enquete-conditions-de-travail-2023",
            "title": "Enquête sur les conditions de travail des travailleurs sociaux, 2023",
            "summary": "Charge de travail, sens du métier et intention de quitter le secteur : "
            "une enquête par questionnaire auprès de 4 800 professionnelles et "
            "professionnels, répétée tous les deux ans.",
            "methodology": "Questionnaire en ligne diffusé par les employeurs et les réseaux "
            "professionnels, avril à juin 2023 ; redressement par calage sur la "
            "structure par métier et par région des effectifs DREES.",
            "producers": ["universite-de-lille-laboratoire-ceries", "uniopss"],
            "period": (2019, 2023),
            "territories": [(TerritoryKind.NATIONAL, "FR")],
            "themes": ["sens-du-travail-social", "debureaucratisation"],
            "indicators": [
                _series(
                    "Part des professionnels qui envisagent de quitter le secteur",
                    start=2019,
                    values=[Decimal("21.4"), None, Decimal("27.9"), None, Decimal("31.2")],
                    unit="%",
                    decimals=1,
                    chart=ChartType.BAR,
                    description="Enquêtes de 2019, 2021 et 2023.",
                    source="CeRIES, enquêtes Conditions de travail",
                ),
                _by_territory(
                    "Part déclarant une charge administrative excessive, par région",
                    kind=TerritoryKind.REGION,
                    codes=METROPOLITAN_REGIONS,
                    values=_spread("charge-admin", count=13, low=48, high=71, decimals=1),
                    unit="%",
                    decimals=1,
                    source="CeRIES, enquête 2023",
                ),
            ],
        },
        {
            "slug": "apprentissage-dans-les-formations-sociales",
            "title": "L'apprentissage dans les formations sociales, 2018–2025",
            "summary": "Nombre d'apprentis préparant un diplôme d'État du travail social, "
            "depuis la réforme de 2018 qui a ouvert largement cette voie.",
            "methodology": "Remontées des centres de formation d'apprentis des EFTS au 31 "
            "décembre. Les contrats signés après cette date sont comptés l'année "
            "suivante.",
            "producers": ["unaforis"],
            "period": (2018, 2025),
            "territories": [(TerritoryKind.NATIONAL, "FR")],
            "themes": ["jeunesse", "insertion-et-rsa"],
            "indicators": [
                _series(
                    "Apprentis en formation sociale",
                    start=2018,
                    values=_trend("apprentis", count=8, first=3900, growth=0.16, noise=0.02),
                    unit="apprentis",
                    chart=ChartType.BAR,
                    source="Unaforis, enquête apprentissage",
                ),
            ],
        },
        {
            "slug": "diplomes-obtenus-par-la-vae",
            "title": "Diplômes du travail social obtenus par la VAE, 2015–2024",
            "summary": "Validations totales obtenues chaque année par la validation des acquis "
            "de l'expérience, tous diplômes d'État du travail social.",
            "methodology": "Résultats des jurys régionaux transmis par les services "
            "déconcentrés ; une validation partielle n'est pas comptée.",
            "producers": ["drees"],
            "period": (2015, 2024),
            "territories": [(TerritoryKind.NATIONAL, "FR")],
            "themes": ["competences-partagees"],
            "indicators": [
                _series(
                    "Validations totales par la VAE",
                    start=2015,
                    values=_trend("vae", count=10, first=4150, growth=-0.02, noise=0.04),
                    unit="diplômes",
                    source="DREES, résultats des jurys VAE",
                ),
            ],
        },
        {
            "slug": "recrutements-aide-a-domicile-trimestriels",
            "title": "Recrutements dans l'aide à domicile : offres d'emploi par trimestre",
            "summary": "Offres d'emploi déposées chaque trimestre par les services d'aide et "
            "d'accompagnement à domicile adhérents, 2022 à 2025.",
            "methodology": "Comptage des offres publiées sur les sites d'emploi des réseaux "
            "adhérents, dédoublonnées par employeur et intitulé.",
            "producers": ["uniopss"],
            "period": (2022, 2025),
            "territories": [(TerritoryKind.NATIONAL, "FR")],
            "themes": ["autonomie-et-grand-age", "transition-demographique"],
            "indicators": [
                _series(
                    "Offres d'emploi d'aide à domicile déposées",
                    start=2022,
                    values=_trend("domicile", count=16, first=8200, growth=0.012, noise=0.06),
                    unit="offres",
                    frequency=Frequency.QUARTERLY,
                    source="Uniopss, observatoire des offres d'emploi",
                ),
            ],
        },
        {
            "slug": "attractivite-des-formations-parcoursup",
            "title": "Attractivité des formations en travail social sur Parcoursup, 2019–2025",
            "summary": "Candidats ayant formulé au moins un vœu pour une formation au diplôme "
            "d'État d'assistant de service social, d'éducateur spécialisé ou "
            "d'éducateur de jeunes enfants, et taux de remplissage des places.",
            "methodology": "Données publiques Parcoursup, phase principale ; les formations "
            "entrées dans Parcoursup en 2019 sont suivies à périmètre constant.",
            "producers": ["unaforis", "ehesp"],
            "period": (2019, 2025),
            "territories": [(TerritoryKind.NATIONAL, "FR")],
            "themes": ["jeunesse", "sens-du-travail-social"],
            "indicators": [
                _series(
                    "Candidats ayant formulé au moins un vœu",
                    start=2019,
                    values=[Decimal(v) for v in (98700, 91200, 84500, 79800, 77100, 80300, 82600)],
                    unit="candidats",
                    source="Parcoursup, données publiques",
                ),
                _series(
                    "Taux de remplissage des places à la rentrée",
                    start=2019,
                    values=[
                        Decimal(v) for v in ("96.1", "93.4", "89.8", "86.2", "87.5", "90.1", "91.3")
                    ],
                    unit="%",
                    decimals=1,
                    chart=ChartType.BAR,
                    source="Unaforis, enquête de rentrée",
                ),
            ],
        },
    ]


def _producer(slug):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:  # the core demo usually created it already: never fight over it
        name, kind, website = PRODUCERS[slug]
        organisation = Organisation.objects.create(slug=slug, name=name, kind=kind, website=website)
    return organisation


def _set_m2m(manager, wanted):
    if {obj.pk for obj in manager.all()} != {obj.pk for obj in wanted}:
        manager.set(wanted)
        return True
    return False


def _wanted_points(spec, territories):
    if spec["kind"] == IndicatorKind.TIME_SERIES:
        return {
            datetime.date(spec["start"] + i, 1, 1)
            if spec["frequency"] == Frequency.ANNUAL
            else datetime.date(spec["start"] + i // 4, 3 * (i % 4) + 1, 1): value
            for i, value in enumerate(spec["values"])
            if value is not None
        }
    return {
        territories[(spec["territory_kind"], code)]: value
        for code, value in zip(spec["codes"], spec["values"], strict=True)
    }


def _load_indicator(dataset, position, spec, territories):
    fields = {
        key: spec[key]
        for key in (
            "unit",
            "decimals",
            "chart_type",
            "frequency",
            "description",
            "source_note",
            "kind",
        )
    }
    fields["position"] = position
    changed = False
    indicator = Indicator.objects.filter(dataset=dataset, name=spec["name"]).first()
    if indicator is None:
        indicator = Indicator.objects.create(dataset=dataset, name=spec["name"], **fields)
        changed = True
    else:
        differing = [key for key, value in fields.items() if getattr(indicator, key) != value]
        if differing:
            for key in differing:
                setattr(indicator, key, fields[key])
            indicator.save(update_fields=differing)
            changed = True
    wanted = _wanted_points(spec, territories)
    key_field = "period" if spec["kind"] == IndicatorKind.TIME_SERIES else "territory"
    current = {
        getattr(point, key_field): point.value
        for point in indicator.points.select_related("territory")
    }
    if current != wanted:
        indicator.points.all().delete()
        DataPoint.objects.bulk_create(
            DataPoint(indicator=indicator, value=value, **{key_field: key})
            for key, value in wanted.items()
        )
        changed = True
    return indicator, changed


def _data_file_text(indicators):
    """One table with every value of the dataset: what its "données complètes" file holds."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["indicateur", "unite", "periode", "niveau", "code_insee", "territoire", "valeur"]
    )
    for indicator in indicators:
        for point in indicator.points.select_related("territory").order_by("period", "pk"):
            territory = point.territory
            writer.writerow(
                [
                    indicator.name,
                    indicator.unit,
                    period_code(point.period, indicator.frequency) if point.period else "",
                    territory.kind if territory else "",
                    territory.code if territory else "",
                    territory.name if territory else "",
                    csv_io.exact_value(point.value),
                ]
            )
    return out.getvalue()


def load_dataset(spec, territories, themes):
    """Create or update one demo dataset; return it if anything changed, else None."""
    start, end = spec["period"]
    values = {
        "title": spec["title"],
        "summary": spec["summary"],
        "methodology": spec["methodology"],
        "period_start": datetime.date(start, 1, 1),
        "period_end": datetime.date(end, 12, 31),
        "licence": Licence.ETALAB,
        "status": ResourceStatus.PUBLISHED,
        "publication_date": PUBLISHED_AT,
    }
    changed = False
    dataset = Dataset.objects.filter(slug=spec["slug"]).first()
    if dataset is None:
        dataset = Dataset.objects.create(slug=spec["slug"], **values)
        changed = True
    else:
        differing = [key for key, value in values.items() if getattr(dataset, key) != value]
        if differing:
            for key in differing:
                setattr(dataset, key, values[key])
            dataset.save(update_fields=[*differing, "updated_at"])
            changed = True
    changed |= _set_m2m(dataset.producers, [_producer(slug) for slug in spec["producers"]])
    changed |= _set_m2m(dataset.themes, [themes[slug] for slug in spec["themes"] if slug in themes])
    changed |= _set_m2m(dataset.territories, [territories[key] for key in spec["territories"]])
    indicators = []
    for position, indicator_spec in enumerate(spec["indicators"]):
        indicator, indicator_changed = _load_indicator(
            dataset, position, indicator_spec, territories
        )
        indicators.append(indicator)
        changed |= indicator_changed
    stale = dataset.indicators.exclude(pk__in=[indicator.pk for indicator in indicators])
    if stale.exists():
        stale.delete()
        changed = True
    if not dataset.files.exists():
        content = _data_file_text(indicators).encode("utf-8")
        data_file = DatasetFile(
            dataset=dataset, title="Données complètes (CSV)", file_mime=CSV, file_size=len(content)
        )
        data_file.file.save(f"{slugify(spec['slug'])[:40]}.csv", ContentFile(content), save=True)
        changed = True
    return dataset if changed else None


def load_observatory_demo():
    """Load the demo datasets; return a French one-line summary. Idempotent."""
    territories = {(t.kind, t.code): t for t in Territory.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    specs = build_specs()
    changed = []
    with paused():
        for spec in specs:
            dataset = load_dataset(spec, territories, themes)
            if dataset is not None:
                changed.append(dataset)
    for dataset in changed:
        search.index_object(dataset)
    return f"{len(specs)} jeux de données de l'observatoire ({len(changed)} créés ou mis à jour)"
