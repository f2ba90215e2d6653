"""An indicator's data as CSV: the public download, and the curators' import that reads it back.

Files are UTF-8 with a BOM, `;`-separated, with a decimal comma: the French spreadsheet
convention, so that a download opens as numbers in a French spreadsheet. The same data is also
offered in the international convention (`,`-separated, decimal point, no BOM), which
`pandas.read_csv` and Python's csv module read with their defaults; each dataset's
`datapackage.json` (resources/observatory/datapackage.py) describes both dialects.

The import checks every row first and saves nothing if any row is refused; its report gives
line, column and reason.
"""

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core import csv_files, csv_safe
from core.formatting import parse_number
from resources.enums import TerritoryKind
from resources.models import Territory
from resources.observatory import coverage
from resources.observatory.formatting import parse_period, period_code
from resources.observatory.models import DataPoint

TIME_SERIES_COLUMNS = ["periode", "valeur", "unite", "libelle"]
TERRITORY_COLUMNS = ["niveau", "code_insee", "territoire", "valeur", "unite", "libelle"]
LABEL_MAX = DataPoint._meta.get_field("label").max_length

_KIND_ALIASES = {
    "national": TerritoryKind.NATIONAL,
    "france": TerritoryKind.NATIONAL,
    "region": TerritoryKind.REGION,
    "departement": TerritoryKind.DEPARTEMENT,
}


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    decimal: str
    encoding: str  # as the data package names it
    bom: bool


FRENCH = Dialect(delimiter=";", decimal=",", encoding="utf-8-sig", bom=True)
INTERNATIONAL = Dialect(delimiter=",", decimal=".", encoding="utf-8", bom=False)


def exact_value(value, decimal=","):
    """The stored value without trailing zeros or grouping: "1234,5" (or "1234.5")."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", decimal)


def export_points(indicator, points, *, dialect=FRENCH):
    """The CSV text of `indicator`'s data points (already fetched, territories selected)."""
    out = io.StringIO()
    if dialect.bom:
        out.write("\ufeff")
    writer = csv_safe.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n")
    if indicator.is_time_series:
        writer.writerow(TIME_SERIES_COLUMNS)
        for point in sorted(points, key=lambda p: p.period):
            writer.writerow(
                [
                    period_code(point.period, indicator.frequency),
                    exact_value(point.value, dialect.decimal),
                    indicator.unit,
                    point.label,
                ]
            )
    else:
        writer.writerow(TERRITORY_COLUMNS)
        order = {kind: i for i, kind in enumerate(TerritoryKind.values)}
        for point in sorted(points, key=lambda p: (order[p.territory.kind], p.territory.code)):
            writer.writerow(
                [
                    point.territory.kind,
                    point.territory.code,
                    point.territory.name,
                    exact_value(point.value, dialect.decimal),
                    indicator.unit,
                    point.label,
                ]
            )
    return out.getvalue()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


# Imports read their files through the one reader (core.csv_files).
CsvFormatError = csv_files.CsvFormatError
RowError = csv_files.RowError
_plain = csv_files.plain


class _Territories:
    """Every territory, loaded once, found by (level, INSEE code), code, slug or name."""

    def __init__(self):
        self.by_kind_code = {}
        self.by_code = {}
        self.by_key = {}
        for territory in Territory.objects.all():
            self.by_kind_code[(territory.kind, territory.code.lower())] = territory
            self.by_code.setdefault(territory.code.lower(), []).append(territory)
            self.by_key[territory.slug] = territory
            self.by_key.setdefault(_plain(territory.name), territory)

    def find(self, row, error):
        code = row.get("code_insee", "").lower()
        level = _plain(row.get("niveau", ""))
        if level and level not in _KIND_ALIASES:
            error(
                "niveau",
                _("Niveau « %(value)s » inconnu (attendu : national, region, departement).")
                % {"value": row["niveau"][:40]},
            )
            return None
        if code:
            if level:
                found = self.by_kind_code.get((_KIND_ALIASES[level], code))
                candidates = [found] if found else []
            else:
                candidates = self.by_code.get(code, [])
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                error(
                    "niveau",
                    _(
                        "Le code %(code)s désigne une région et un département : "
                        "précisez le niveau (region ou departement)."
                    )
                    % {"code": code},
                )
                return None
            error(
                "code_insee",
                _("Aucun territoire n'a le code INSEE « %(code)s ».")
                % {"code": row["code_insee"][:40]},
            )
            return None
        name = row.get("territoire", "")
        if not name:
            error("territoire", _("Indiquez le territoire (colonne code_insee ou territoire)."))
            return None
        found = self.by_key.get(name) or self.by_key.get(_plain(name))
        if found is None:
            error("territoire", _("Territoire « %(value)s » inconnu.") % {"value": name[:60]})
        return found


def _clean_rows(indicator, rows, report):
    cleaned = []
    seen = {}
    territories = None if indicator.is_time_series else _Territories()
    for line, row in rows:

        def error(column, message, line=line):
            report.errors.append(RowError(line=line, column=column, message=message))

        value = key = None
        try:
            value = parse_number(row.get("valeur", ""))
        except ValueError as exc:
            error("valeur", str(exc))
        if indicator.is_time_series:
            try:
                key = parse_period(row.get("periode", ""), indicator.frequency)
            except ValueError as exc:
                error("periode", str(exc))
            column = "periode"
        else:
            key = territories.find(row, error)
            column = "territoire"
        label = row.get("libelle", "")
        if len(label) > LABEL_MAX:
            error("libelle", _("Le libellé dépasse %(n)s caractères.") % {"n": LABEL_MAX})
        unit = row.get("unite", "")
        if unit and unit != indicator.unit:
            error(
                "unite",
                _("Unité « %(value)s » différente de celle de l'indicateur (« %(unit)s »).")
                % {"value": unit[:40], "unit": indicator.unit},
            )
        if key is not None:
            if key in seen:
                error(column, _("Déjà présent ligne %(line)s.") % {"line": seen[key]})
            seen.setdefault(key, line)
        cleaned.append((key, value, label))
    return cleaned


def import_points(indicator, raw, *, replace=False):
    """Check every row of the CSV `raw` bytes; save them all only if none is refused.

    A row whose period (or territory) already has a value updates it; with `replace`, the
    indicator's other values are deleted. Side effects: writes DataPoint rows in one transaction;
    after it, the dataset's coverage follows (observatory.coverage).
    """
    report = ImportReport()
    header, rows = csv_files.read_rows(raw)
    required = ["periode", "valeur"] if indicator.is_time_series else ["valeur"]
    missing = [name for name in required if name not in header]
    if not indicator.is_time_series and not {"code_insee", "territoire"} & set(header):
        missing.append("code_insee " + _("ou") + " territoire")
    if missing:
        raise CsvFormatError(
            _("Colonnes obligatoires absentes de la première ligne : %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    if not rows:
        raise CsvFormatError(_("Le fichier ne contient aucune ligne de données."))
    cleaned = _clean_rows(indicator, rows, report)
    if report.errors:
        return report
    key_field = "period" if indicator.is_time_series else "territory"
    with transaction.atomic():
        existing = {getattr(p, key_field): p for p in indicator.points.select_related("territory")}
        to_create, to_update = [], []
        for key, value, label in cleaned:
            point = existing.pop(key, None)
            if point is None:
                to_create.append(
                    DataPoint(indicator=indicator, value=value, label=label, **{key_field: key})
                )
            elif point.value != value or point.label != label:
                point.value, point.label = value, label
                to_update.append(point)
        if replace and existing:
            report.deleted, _details = DataPoint.objects.filter(
                pk__in=[p.pk for p in existing.values()]
            ).delete()
        DataPoint.objects.bulk_create(to_create)
        DataPoint.objects.bulk_update(to_update, ["value", "label"])
        # bulk_create sends no signal: the coverage follows the new values explicitly.
        coverage.sync_coverage(indicator.dataset)
    report.created, report.updated = len(to_create), len(to_update)
    return report
