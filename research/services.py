"""State changes of the research pillar (see STYLE.md: one function per transition)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from research import importers
from research.enums import Visibility
from research.identifiers import normalize_doi, title_key
from research.models import Publication, PublicationContributor
from resources.enums import Language

FORMATS = {"bibtex": importers.read_bibtex, "ris": importers.read_ris}
LANGUAGES = {
    "fr": Language.FR,
    "fre": Language.FR,
    "fra": Language.FR,
    "french": Language.FR,
    "français": Language.FR,
    "francais": Language.FR,
    "en": Language.EN,
    "eng": Language.EN,
    "english": Language.EN,
    "anglais": Language.EN,
}


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # Publication
    skipped: list = field(default_factory=list)  # (label, reason)


def detect_format(text, filename=""):
    name = filename.lower()
    if name.endswith(".ris") or "TY  - " in text[:2000]:
        return "ris"
    if name.endswith(".bib") or "@" in text:
        return "bibtex"
    return ""


def _unique_slug(title, taken):
    base = slugify(title)[:200].strip("-") or "publication"
    slug, counter = base, 2
    while slug in taken or Publication.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    taken.add(slug)
    return slug


def import_publications(*, text, file_format, make_public=False):
    """Create publications from BibTeX or RIS `text`; return what was created and skipped why.

    Duplicates are found by DOI, then by title (accents, case and punctuation ignored), against
    the database and earlier entries of the same file. Side effects: creates Publication and
    PublicationContributor rows (which index them in the site-wide search), in one transaction.
    """
    report = ImportReport()
    entries = FORMATS[file_format](text)
    existing_dois = set(Publication.objects.exclude(doi="").values_list("doi", flat=True))
    existing_titles = set(Publication.objects.values_list("title_key", flat=True))
    taken_slugs = set()
    with transaction.atomic():
        for entry in entries:
            reason = _skip_reason(entry, existing_dois, existing_titles)
            if reason:
                report.skipped.append((entry.label, reason))
                continue
            publication = _build(entry, make_public=make_public, taken_slugs=taken_slugs)
            try:
                publication.full_clean(exclude=["slug"])
            except ValidationError as exc:
                messages = "; ".join(
                    f"{name} : {' '.join(errors)}" for name, errors in exc.message_dict.items()
                )
                report.skipped.append((entry.label, f"données invalides ({messages})"))
                continue
            publication.save()
            PublicationContributor.objects.bulk_create(
                [
                    _contributor(publication, position, person)
                    for position, person in enumerate(entry.authors)
                    if person.family
                ]
            )
            if entry.authors:
                publication.save(update_fields=["updated_at"])  # re-index with the authors
            if publication.doi:
                existing_dois.add(publication.doi)
            existing_titles.add(publication.title_key)
            report.created.append(publication)
    return report


def _contributor(publication, position, person):
    """A named person, a corporate author (family name only) or a pseudonym, as exported."""
    if person.pseudonym:
        return PublicationContributor(
            publication=publication,
            position=position,
            role=person.role,
            visibility=Visibility.PSEUDONYM,
            pseudonym=person.family[:120],
        )
    return PublicationContributor(
        publication=publication,
        position=position,
        role=person.role,
        family_name=person.family[:120],
        given_names=person.given[:120],
    )


def _skip_reason(entry, existing_dois, existing_titles):
    if entry.error:
        return entry.error
    title = entry.fields.get("title", "").strip()
    if not title:
        return "titre manquant"
    year = entry.fields.get("year", "")
    if not (year.isdigit() and 1900 <= int(year) <= 2100):
        return "année manquante ou invalide"
    raw_doi = entry.fields.get("doi", "").strip()
    doi = normalize_doi(raw_doi)
    if raw_doi and not doi:
        return f"DOI invalide ({raw_doi[:60]})"
    if doi and doi in existing_dois:
        return f"doublon : le DOI {doi} existe déjà"
    if title_key(title) in existing_titles:
        return "doublon : une publication porte déjà ce titre"
    return ""


def _build(entry, *, make_public, taken_slugs):
    fields = entry.fields
    limits = {
        "venue": 300,
        "publisher": 200,
        "volume": 20,
        "issue": 20,
        "pages": 30,
        "keywords": 500,
    }
    language = LANGUAGES.get(fields.get("language", "").strip().lower(), Language.FR)
    url = fields.get("open_access_url", "")
    return Publication(
        title=fields["title"][:500],
        slug=_unique_slug(fields["title"], taken_slugs),
        publication_type=entry.publication_type,
        year=int(fields["year"]),
        doi=normalize_doi(fields.get("doi", "")),
        hal_id=fields.get("hal_id", "")[:40],
        abstract=fields.get("abstract", ""),
        open_access_url=url if url.startswith(("http://", "https://")) else "",
        language=language,
        licence=fields.get("licence", ""),
        is_public=make_public,
        **{name: fields.get(name, "")[:limit] for name, limit in limits.items()},
    )
