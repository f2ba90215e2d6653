"""Demo content of the observatory, read from ints_portal/demo_data/observatory.yaml and
observatory_territories.yaml (the figures of the territory pages).

The generic loader writes the datasets, their indicators and values; this module adds each
dataset's "données complètes" CSV file, built from the values it holds, and brings each
dataset's coverage in step with its values (observatory.coverage).
"""

import csv
import io

from django.core.files.base import ContentFile
from django.utils.text import slugify

from core.uploads import CSV
from resources import demo_loader as loader
from resources.models import Territory
from resources.observatory import coverage, csv_io
from resources.observatory.formatting import period_code
from resources.observatory.models import DatasetFile

DATA_FILES = ("observatory", "observatory_territories")


def load_observatory_demo(*, now=None):
    """Load the demo datasets; return a French one-line summary. Idempotent.

    Side effects: writes organisations, datasets, indicators, values, CSV files and coverage;
    refreshes search entries.
    """
    loader.load("organisations", now=now)
    count = 0
    changed = set()
    for name in DATA_FILES:
        result = loader.load(name, now=now)
        changed |= {dataset.pk for dataset in result.changed}
        for dataset, item in result.items("resources.Dataset"):
            if _declare_coverage(dataset, item.get("_declared_coverage", [])):
                changed.add(dataset.pk)
            if not dataset.files.exists():
                _attach_csv(dataset)
                changed.add(dataset.pk)
            if coverage.sync_coverage(dataset):
                changed.add(dataset.pk)
        count += result.count("resources.Dataset")
    return f"{count} jeux de données de l'observatoire ({len(changed)} créés ou mis à jour)"


def _declare_coverage(dataset, slugs):
    """Add the declared territories (France entière) the dataset lacks; never removes one, so
    that those the values brought stay (observatory.coverage)."""
    missing = Territory.objects.filter(slug__in=slugs).exclude(datasets=dataset)
    if not missing.exists():
        return False
    dataset.territories.add(*missing)
    return True


def _attach_csv(dataset):
    indicators = list(dataset.indicators.order_by("position", "pk"))
    content = _data_file_text(indicators).encode("utf-8")
    data_file = DatasetFile(
        dataset=dataset, title="Données complètes (CSV)", file_mime=CSV, file_size=len(content)
    )
    data_file.file.save(f"{slugify(dataset.slug)[:40]}.csv", ContentFile(content), save=True)


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
