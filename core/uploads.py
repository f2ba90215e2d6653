"""Private uploads checked by their content, shared by every pillar's forms and models."""

import io
import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_file_size

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
MS_LEGACY = "application/x-ole-storage"
CSV = "text/csv"

EXTENSIONS = {
    PDF: "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
    ODT: "odt",
    ODS: "ods",
    ODP: "odp",
    MS_LEGACY: "doc",
    CSV: "csv",
}
LABELS = {
    PDF: "PDF",
    DOCX: "Word",
    XLSX: "Excel",
    PPTX: "PowerPoint",
    ODT: "OpenDocument texte",
    ODS: "OpenDocument tableur",
    ODP: "OpenDocument présentation",
    MS_LEGACY: "Office",
    CSV: "CSV",
}
DOCUMENT_TYPES = frozenset(EXTENSIONS)
PDF_ONLY = frozenset({PDF})

_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def sniff(head, file):
    """The MIME type of a file read from its bytes, or None when it is not a known document."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return MS_LEGACY
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(file)
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" not in sample and ("," in sample or ";" in sample) and "\n" in sample:
        return CSV
    return None


# An ODF `mimetype` member is a few dozen bytes, stored uncompressed (ODF 1.2, §3.3).
_MIMETYPE_MAX_BYTES = 100


def _sniff_zip(file):
    """Office and ODF types from the zip's central directory, never inflating its contents.

    Only the directory (names and declared sizes) and at most 100 bytes of ODF's `mimetype`
    member are read, so a decompression bomb disguised as a document costs no more than a
    normal one.
    """
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return _odf_mimetype(archive)
            if "[Content_Types].xml" in names:
                for prefix, mime in _OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return mime
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, NotImplementedError, RuntimeError):
        return None
    finally:
        file.seek(0)
    return None


def _odf_mimetype(archive):
    info = archive.getinfo("mimetype")
    if info.file_size > _MIMETYPE_MAX_BYTES:
        return None
    with archive.open(info) as member:  # read(n) inflates at most n bytes
        mimetype = member.read(_MIMETYPE_MAX_BYTES).decode("ascii", "replace").strip()
    return mimetype if mimetype in (ODT, ODS, ODP) else None


def validate_upload(file, *, allowed=DOCUMENT_TYPES, max_size=None):
    """Check an uploaded file's size and real type; return its MIME type or raise in French."""
    max_size = max_size or settings.MAX_UPLOAD_SIZE
    if file.size is not None and file.size > max_size:
        sizes = {"size": format_file_size(file.size), "max": format_file_size(max_size)}
        message = (
            _("Le fichier dépasse la taille maximale de %(max)s.")
            if sizes["size"] == sizes["max"]  # « pèse 5 Mo ; maximum 5 Mo » would puzzle
            else _("Le fichier pèse %(size)s ; la taille maximale est de %(max)s.")
        )
        raise ValidationError(message % sizes, code="file_too_large")
    if not file.size:
        raise ValidationError(_("Le fichier est vide."), code="file_empty")
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    mime = sniff(head, file if hasattr(file, "seek") else io.BytesIO(head))
    if mime not in allowed:
        accepted = ", ".join(sorted({LABELS[m] for m in allowed}))
        raise ValidationError(
            _(
                "Ce fichier n'est pas d'un format accepté (%(accepted)s). Son contenu a été "
                "vérifié, pas seulement son nom."
            )
            % {"accepted": accepted},
            code="file_type",
        )
    return mime


def private_upload_path(instance, filename):
    """Never trust the uploaded name: keep only a known extension under a random name."""
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    extension = suffix if suffix in EXTENSIONS.values() else "bin"
    label = instance._meta.label_lower.replace(".", "/")
    return f"{label}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
