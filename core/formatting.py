"""French writing of numbers, amounts and file sizes: one place for every room.

Numbers follow French typography: a narrow no-break space groups thousands, a comma separates
decimals ("12 345,6"). CSV files drop the grouping so spreadsheets read them as numbers.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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
