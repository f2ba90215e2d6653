"""French writing of numbers and periods, shared by charts, tables, CSV files and the import.

Numbers follow French typography: a narrow no-break space groups thousands, a comma separates
decimals ("12 345,6"). CSV files drop the grouping so spreadsheets read them as numbers.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ints_portal.typography import french_date
from resources.observatory.enums import Frequency

THIN_SPACE = "\u202f"
_GROUPING = re.compile(r"[\s\u00a0\u202f]")


def quantize(value, decimals):
    exponent = Decimal(1).scaleb(-decimals)
    return Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def format_number(value, decimals=0, *, grouping=True):
    """`value` with `decimals` digits after the comma, French style ("−1 234,5")."""
    value = quantize(value, decimals)
    if value == 0:
        value = abs(value)  # never "-0"
    sign = "\u2212" if value < 0 and grouping else "-" if value < 0 else ""
    integer, _dot, fraction = f"{abs(value):f}".partition(".")
    if grouping and len(integer) > 3:
        groups = []
        while integer:
            groups.insert(0, integer[-3:])
            integer = integer[:-3]
        integer = THIN_SPACE.join(groups)
    return sign + integer + ("," + fraction if fraction else "")


def parse_number(text):
    """A Decimal from "1 234,5", "1234.5" or "-3"; raise ValueError with a French reason."""
    cleaned = _GROUPING.sub("", text or "").replace("\u2212", "-")
    if not cleaned:
        raise ValueError(_("Valeur obligatoire manquante."))
    if "," in cleaned and "." in cleaned:
        raise ValueError(_("Nombre illisible : utilisez la virgule pour les décimales."))
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d{1,14}(\.\d{1,4})?", cleaned):
        raise ValueError(
            _("« %(value)s » n'est pas un nombre (au plus 14 chiffres et 4 décimales).")
            % {"value": text[:40]}
        )
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above rules it out
        raise ValueError(_("Nombre illisible.")) from exc


def format_period(day, frequency):
    """How a period is written for people: "2024", "T1 2024", "mars 2024", "15 mars 2024"."""
    if frequency == Frequency.QUARTERLY:
        return f"T{(day.month - 1) // 3 + 1} {day.year}"
    if frequency == Frequency.MONTHLY:
        return date_format(day, "F Y")
    if frequency == Frequency.DAILY:
        return french_date(day, "j F Y")
    return str(day.year)


def period_code(day, frequency):
    """How a period is written in CSV files: "2024", "2024-T1", "2024-03", "2024-03-15"."""
    if frequency == Frequency.QUARTERLY:
        return f"{day.year}-T{(day.month - 1) // 3 + 1}"
    if frequency == Frequency.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    if frequency == Frequency.DAILY:
        return day.isoformat()
    return str(day.year)


_PATTERNS = {
    Frequency.ANNUAL: (re.compile(r"(\d{4})"), "AAAA"),
    Frequency.QUARTERLY: (re.compile(r"(\d{4})-?T([1-4])", re.IGNORECASE), "AAAA-T1 à AAAA-T4"),
    Frequency.MONTHLY: (re.compile(r"(\d{4})-(\d{2})"), "AAAA-MM"),
    Frequency.DAILY: (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "AAAA-MM-JJ"),
}


def parse_period(text, frequency):
    """The first day of the period written as `period_code` writes it, or ValueError."""
    pattern, expected = _PATTERNS[Frequency(frequency)]
    match = pattern.fullmatch((text or "").strip())
    error = ValueError(
        _("Période « %(value)s » illisible : attendu %(expected)s.")
        % {"value": (text or "")[:40], "expected": expected}
    )
    if not match:
        raise error
    year = int(match.group(1))
    try:
        if frequency == Frequency.QUARTERLY:
            day = datetime.date(year, 3 * int(match.group(2)) - 2, 1)
        elif frequency == Frequency.MONTHLY:
            day = datetime.date(year, int(match.group(2)), 1)
        elif frequency == Frequency.DAILY:
            day = datetime.date(year, int(match.group(2)), int(match.group(3)))
        else:
            day = datetime.date(year, 1, 1)
    except ValueError as exc:
        raise error from exc
    if not 1900 <= year <= 2100:
        raise error
    return day


def format_euros(value):
    """An amount in euros, French style: "78 000 €", "1 250,50 €" (cents only when present)."""
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{format_number(value, decimals)}\u00a0€"


def format_file_size(size):
    """A file size in the units our forms announce ("5 Mo au maximum"): octets, ko, Mo, Go.

    Django's French catalogue writes "Kio"/"Mio"; one unit everywhere reads better. Multiples of
    1,024, as in the upload limits; one decimal below 10 ("1,2 Mo", "5 Mo", "12 Mo").
    """
    size = int(size)
    if size < 1024:
        return ngettext("%(size)s octet", "%(size)s octets", size) % {"size": size}
    units = [pgettext("file size", "ko"), pgettext("file size", "Mo"), pgettext("file size", "Go")]
    amount, unit = Decimal(size) / 1024, 0
    while amount >= 1024 and unit < len(units) - 1:
        amount, unit = amount / 1024, unit + 1
    decimals = 1 if amount < 10 and quantize(amount, 1) != quantize(amount, 0) else 0
    return f"{format_number(amount, decimals)}\u00a0{units[unit]}"
