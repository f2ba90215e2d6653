"""CSV import and export of resources for curators: all rows valid, or nothing imported.

The export writes exactly the columns the import reads, so an export re-imports.
"""

import datetime
import io
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import csv_files, csv_safe
from editorial import workflow
from editorial.status import INITIAL_STAFF_STATES, EditorialStatus
from resources import search
from resources.enums import Language, Licence
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
SEPARATOR = "|"
# (column, choices, field, default, values allowed or None for all) of the columns read as a
# value or its admin label.
CHOICE_COLUMNS = (
    ("langue", Language, "language", Language.FR, None),
    ("licence", Licence, "licence", Licence.ETALAB, None),
    ("statut", EditorialStatus, "status", EditorialStatus.DRAFT, INITIAL_STAFF_STATES),
)
# Imports read one file at a time through the one reader (core.csv_files).
CsvFormatError = csv_files.CsvFormatError


@dataclass
class ImportReport:
    created: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _split(value):
    return [item.strip() for item in (value or "").split(SEPARATOR) if item.strip()]


class _Vocabularies:
    """Every vocabulary the import may reference, loaded once, by identifier or by name."""

    def __init__(self):
        self.types = csv_files.Lookup.of_models(ResourceType.objects.all())
        self.themes = csv_files.Lookup.of_models(Theme.objects.all())
        self.audiences = csv_files.Lookup.of_models(Audience.objects.all())
        self.territories = csv_files.Lookup.of_models(Territory.objects.all())
        self.organisations = csv_files.Lookup.of_models(Organisation.objects.all())
        self.choices = {
            column: csv_files.Lookup.of_choices(choices, only=only)
            for column, choices, _field, _default, only in CHOICE_COLUMNS
        }


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
        errors.append(csv_files.RowError(line=line, column=column, message=message))

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
        found, unknown = [], []
        for value in values:
            obj, message = table.find(value)
            if obj is not None:
                found.append(obj)
            elif message:
                error(column, message)
            else:
                unknown.append(value[:60])
        if unknown:
            error(
                column,
                _("Inconnu : %(values)s (attendu, par nom ou identifiant : %(allowed)s).")
                % {"values": ", ".join(unknown), "allowed": table.expected()},
            )
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
    for column, _choices, key, default, _only in CHOICE_COLUMNS:
        value = row.get(column)
        found, _message = vocab.choices[column].find(value) if value else (default, None)
        if found is None:
            error(
                column,
                _("Valeur « %(value)s » non reconnue (attendu : %(allowed)s).")
                % {"value": value[:60], "allowed": vocab.choices[column].expected()},
            )
        cleaned[key] = found or default
    m2m = {
        "themes": lookup("thematiques", vocab.themes, many=True),
        "audiences": lookup("publics", vocab.audiences, many=True),
        "territories": lookup("territoires", vocab.territories, many=True),
    }
    tags = _split(row.get("mots_cles"))
    return cleaned, m2m, tags


def import_resources(raw, *, user=None):
    """Validate every row; import all of them in one transaction only if none is rejected.

    Side effects: creates Resource rows with their relations and search entries, one
    EditorialEvent each (its initial state), one revision for the import.
    """
    report = ImportReport()
    header, rows = csv_files.read_rows(raw)
    csv_files.require_columns(header, REQUIRED)
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
    # One revision for the whole import; each resource's initial state (the « statut » column)
    # is logged as created so by staff import (editorial.workflow.record_creation).
    with transaction.atomic(), paused(), reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(_("Import CSV"))
        created = []
        for fields, m2m, tags in cleaned_rows:
            resource = Resource.objects.create(created_by=user, **fields)
            for name, values in m2m.items():
                getattr(resource, name).set(values)
            if tags:
                resource.tags.set(tags)
            workflow.record_creation(resource, by=user, message=_("Import CSV"))
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


def template_csv():
    """A file to start an import from: the columns and one example row, written with the
    labels curators see in the admin (identifiers are accepted too)."""
    first = {
        model: model.objects.order_by("position", "name").first()
        for model in (ResourceType, Theme, Audience)
    }
    territory = Territory.objects.regions().order_by("name").first()
    example = {
        "titre": _("Accueillir un jeune majeur sortant de l'ASE : fiche pratique"),
        "resume": _("Les étapes d'un accueil réussi, de la préparation à la sortie."),
        "contenu": "<p>" + _("Texte de la ressource (HTML simple accepté).") + "</p>",
        "type": first[ResourceType].name if first[ResourceType] else "",
        "thematiques": first[Theme].name if first[Theme] else "",
        "publics": first[Audience].name if first[Audience] else "",
        "territoires": territory.name if territory else "",
        "mots_cles": SEPARATOR.join([_("accueil"), _("jeunes majeurs")]),
        "auteurs": "Camille Martin",
        "date_publication": timezone.localdate().isoformat(),
        "langue": Language.FR.label,
        "licence": Licence.ETALAB.label,
        "statut": EditorialStatus.DRAFT.label,
    }
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_safe.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([example.get(column, "") for column in COLUMNS])
    return out.getvalue()
