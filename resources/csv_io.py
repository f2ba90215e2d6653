"""CSV import and export of resources for curators: all rows valid, or nothing imported.

The export writes exactly the columns the import reads, so an export re-imports.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ints_portal.privacy import csv as csv_safe
from resources import search
from resources.enums import Language, Licence, ResourceStatus
from resources.models import Audience, Organisation, Resource, ResourceType, Territory, Theme
from resources.richtext import sanitize_html
from resources.signals import paused

COLUMNS = [
    "titre",
    "slug",
    "resume",
    "contenu",
    "type",
    "thematiques",
    "publics",
    "territoires",
    "mots_cles",
    "organisation",
    "auteurs",
    "date_publication",
    "langue",
    "licence",
    "lien_externe",
    "statut",
]
REQUIRED = ["titre", "resume", "type"]
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
SEPARATOR = "|"


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


class CsvFormatError(Exception):
    """The file as a whole cannot be read (encoding, header, size): a French message."""


def _split(value):
    return [item.strip() for item in (value or "").split(SEPARATOR) if item.strip()]


def read_rows(raw):
    """Decode the uploaded bytes and return (header, rows as dicts with line numbers)."""
    if len(raw) > MAX_BYTES:
        raise CsvFormatError(_("Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers."))
    if b"\x00" in raw:
        raise CsvFormatError(_("Ce fichier n'est pas un fichier texte CSV."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFormatError(
            _("Le fichier doit être encodé en UTF-8 (enregistrez-le en « CSV UTF-8 »).")
        ) from exc
    if not text.strip():
        raise CsvFormatError(_("Le fichier est vide."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CsvFormatError(
            _("Colonnes obligatoires absentes de la première ligne : %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise CsvFormatError(_("Le fichier dépasse %(n)s lignes.") % {"n": MAX_ROWS})
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
    except csv.Error as exc:
        raise CsvFormatError(
            _("Le fichier CSV est mal formé : %(error)s") % {"error": exc}
        ) from exc
    return header, rows


class _Vocabularies:
    """Every slug the import may reference, loaded once."""

    def __init__(self):
        self.types = {t.slug: t for t in ResourceType.objects.all()}
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.audiences = {a.slug: a for a in Audience.objects.all()}
        self.territories = {t.slug: t for t in Territory.objects.all()}
        self.organisations = {o.slug: o for o in Organisation.objects.all()}


def _parse_date(value):
    if not value:
        return timezone.now()
    # A plain date means that day in Paris (fromisoformat would read it as midnight).
    day = parse_date(value) if len(value) == 10 else None
    parsed = datetime.datetime.combine(day, datetime.time(9, 0)) if day else parse_datetime(value)
    if parsed is None:
        raise ValueError
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _clean_row(line, row, vocab, seen_slugs, existing_slugs, errors):
    def error(column, message):
        errors.append(RowError(line=line, column=column, message=message))

    for column in REQUIRED:
        if not row.get(column):
            error(column, _("Valeur obligatoire manquante."))
    title = row.get("titre", "")
    if len(title) > 255:
        error("titre", _("Le titre dépasse 255 caractères."))
    if len(row.get("resume", "")) > 1000:
        error("resume", _("Le résumé dépasse 1 000 caractères."))
    slug = row.get("slug") or slugify(title)[:255]
    if row.get("slug") and slugify(row["slug"]) != row["slug"]:
        error("slug", _("Identifiant invalide : lettres minuscules, chiffres et tirets."))
    elif not slug:
        error("slug", _("Impossible de fabriquer un identifiant à partir du titre."))
    elif slug in seen_slugs:
        error("slug", _("Identifiant « %(slug)s » en double dans le fichier.") % {"slug": slug})
    elif slug in existing_slugs:
        error("slug", _("Une ressource « %(slug)s » existe déjà.") % {"slug": slug})
    seen_slugs.add(slug)

    def lookup(column, table, many=False):
        values = _split(row.get(column)) if many else [row.get(column)] if row.get(column) else []
        unknown = [v for v in values if v not in table]
        if unknown:
            error(column, _("Inconnu : %(values)s.") % {"values": ", ".join(unknown)})
        found = [table[v] for v in values if v in table]
        return found if many else (found[0] if found else None)

    cleaned = {
        "slug": slug,
        "title": title,
        "summary": row.get("resume", ""),
        "body": sanitize_html(row.get("contenu", "")),
        "resource_type": lookup("type", vocab.types),
        "source_organisation": lookup("organisation", vocab.organisations),
        "authors": row.get("auteurs", ""),
        "external_url": row.get("lien_externe", ""),
    }
    if len(cleaned["authors"]) > 500:
        error("auteurs", _("La liste des auteurs dépasse 500 caractères."))
    url = cleaned["external_url"]
    if url and not (url.startswith("https://") or url.startswith("http://")) or len(url) > 500:
        error("lien_externe", _("Le lien doit commencer par https:// (500 caractères au plus)."))
    try:
        cleaned["publication_date"] = _parse_date(row.get("date_publication", ""))
    except ValueError:
        error("date_publication", _("Date invalide : utilisez AAAA-MM-JJ."))
    for column, choices, key, default in (
        ("langue", Language, "language", Language.FR),
        ("licence", Licence, "licence", Licence.ETALAB),
        ("statut", ResourceStatus, "status", ResourceStatus.DRAFT),
    ):
        value = row.get(column) or default
        if value not in choices.values:
            error(
                column,
                _("Valeur « %(value)s » non reconnue (attendu : %(allowed)s).")
                % {"value": value, "allowed": ", ".join(choices.values)},
            )
        cleaned[key] = value
    m2m = {
        "themes": lookup("thematiques", vocab.themes, many=True),
        "audiences": lookup("publics", vocab.audiences, many=True),
        "territories": lookup("territoires", vocab.territories, many=True),
    }
    tags = _split(row.get("mots_cles"))
    return cleaned, m2m, tags


def import_resources(raw, *, user=None):
    """Validate every row; import all of them in one transaction only if none is rejected.

    Side effects: creates Resource rows with their relations and search entries.
    """
    report = ImportReport()
    _header, rows = read_rows(raw)
    if not rows:
        raise CsvFormatError(_("Le fichier ne contient aucune ligne de données."))
    vocab = _Vocabularies()
    candidate_slugs = [row.get("slug") or slugify(row.get("titre", ""))[:255] for _, row in rows]
    existing = set(Resource.objects.filter(slug__in=candidate_slugs).values_list("slug", flat=True))
    seen = set()
    cleaned_rows = [
        _clean_row(line, row, vocab, seen, existing, report.errors) for line, row in rows
    ]
    if report.errors:
        return report
    with transaction.atomic(), paused():
        created = []
        for fields, m2m, tags in cleaned_rows:
            resource = Resource.objects.create(created_by=user, **fields)
            for name, values in m2m.items():
                getattr(resource, name).set(values)
            if tags:
                resource.tags.set(tags)
            created.append(resource)
        for resource in created:
            search.index_object(resource)
    report.created = len(created)
    return report


def export_resources(queryset):
    """The resources as CSV text (UTF-8 with BOM for spreadsheet software, `;`-separated)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_safe.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    queryset = queryset.select_related("resource_type", "source_organisation").prefetch_related(
        "themes", "audiences", "territories", "tags"
    )
    for r in queryset.order_by("pk"):
        writer.writerow(
            [
                r.title,
                r.slug,
                r.summary,
                r.body,
                r.resource_type.slug,
                SEPARATOR.join(t.slug for t in r.themes.all()),
                SEPARATOR.join(a.slug for a in r.audiences.all()),
                SEPARATOR.join(t.slug for t in r.territories.all()),
                SEPARATOR.join(sorted(t.name for t in r.tags.all())),
                r.source_organisation.slug if r.source_organisation else "",
                r.authors,
                timezone.localtime(r.publication_date).isoformat(),
                r.language,
                r.licence,
                r.external_url,
                r.status,
            ]
        )
    return out.getvalue()
