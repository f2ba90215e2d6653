"""Normalised identifiers: DOIs, ORCID iDs and title keys used to detect duplicates."""

import re
import unicodedata

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi:",
)
ORCID_PATTERN = r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"


def normalize_doi(value):
    """`10.1234/ABC` from any usual spelling (URL, `doi:` prefix), lower-cased; "" if invalid."""
    value = (value or "").strip()
    lowered = value.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            value = value[len(prefix) :]
            break
    value = value.strip().lower()
    return value if _DOI.match(value) else ""


def title_key(title):
    """Accent-, case- and punctuation-free title: two spellings of one title share it."""
    decomposed = unicodedata.normalize("NFKD", title or "")
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))[:255]


def orcid_checksum_ok(orcid):
    """ISO 7064 11,2 check digit of an ORCID iD (0000-0002-1825-0097)."""
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    expected = "X" if result == 10 else str(result)
    return digits[-1] == expected
