"""The one CSV reader of the curators' imports (resources, observatory values).

Every import reads its upload here: size and encoding checks, the delimiter, the header
(folded to plain lower-case ASCII, so « Résumé » is `resume`), blank lines skipped, and values
looked up by code or by the label curators see in the admin (« Brouillon », « Jeunesse »,
« Hauts-de-France »), case and accents aside. Imports then check their own columns and report
each refused cell as a `RowError`. Writing CSV is `core.csv_safe` (formulas defused).
"""

import csv
import io
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


class CsvFormatError(Exception):
    """The file as a whole cannot be read (size, encoding, header): a French message."""


@dataclass
class RowError:
    line: int
    column: str
    message: str


def plain(text):
    """`text` without accents, trimmed and lower-case: how headers and labels are compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().lower()


def read_rows(raw, *, max_bytes=MAX_BYTES, max_rows=MAX_ROWS):
    """(header, [(line number, row dict)]) from the uploaded bytes, or CsvFormatError.

    The delimiter is `;` unless the first line holds more commas than semicolons; header names
    are folded by `plain`; values are stripped; blank lines are skipped, not refused.
    """
    if len(raw) > max_bytes:
        raise CsvFormatError(
            _("Le fichier dépasse %(size)s Mo : découpez-le en plusieurs fichiers.")
            % {"size": max_bytes // (1024 * 1024)}
        )
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
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [plain(name) for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = []
        for row in reader:
            values = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str) and k}
            if not any(values.values()):
                continue
            if len(rows) >= max_rows:
                raise CsvFormatError(_("Le fichier dépasse %(n)s lignes.") % {"n": max_rows})
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise CsvFormatError(
            _("Le fichier CSV est mal formé : %(error)s") % {"error": exc}
        ) from exc
    return header, rows


def require_columns(header, required):
    """CsvFormatError naming the required columns missing from `header`."""
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvFormatError(
            _("Colonnes obligatoires absentes de la première ligne : %(cols)s.")
            % {"cols": ", ".join(missing)}
        )


class Lookup:
    """Values found by code or by label (case and accents aside), with a French refusal.

    `entries` are (object, code, label); a label two objects share is ambiguous and must be
    given by its code.
    """

    def __init__(self, entries):
        self.by_code = {}
        self.by_label = {}
        self.labels = []
        for obj, code, label in entries:
            self.by_code[str(code)] = obj
            self.by_code.setdefault(plain(str(code)), obj)
            self.by_label.setdefault(plain(str(label)), []).append((obj, str(code)))
            self.labels.append(str(label))

    @classmethod
    def of_choices(cls, choices, *, only=None):
        """A lookup over a TextChoices class: its values and their labels (those of `only`)."""
        return cls(
            (value, value, label)
            for value, label in choices.choices
            if only is None or value in only
        )

    @classmethod
    def of_models(cls, objects, *, code="slug", label="name"):
        return cls((obj, getattr(obj, code), getattr(obj, label)) for obj in objects)

    def find(self, value):
        """(object or None, French message or None) for one cell's value."""
        found = self.by_code.get(value) or self.by_code.get(plain(value))
        if found is not None:
            return found, None
        candidates = self.by_label.get(plain(value), [])
        if len(candidates) == 1:
            return candidates[0][0], None
        if candidates:
            codes = ", ".join(code for _obj, code in candidates)
            return None, _("« %(value)s » est ambigu : indiquez l'identifiant (%(codes)s).") % {
                "value": value[:60],
                "codes": codes,
            }
        return None, None

    def expected(self, limit=12):
        """The labels to name in a refusal, at most `limit` of them."""
        shown = ", ".join(self.labels[:limit])
        return shown + ("…" if len(self.labels) > limit else "")
