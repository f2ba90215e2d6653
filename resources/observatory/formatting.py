"""French writing of periods, shared by charts, tables, CSV files and the import (numbers:
core.formatting)."""

import datetime
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.typography import french_date
from resources.observatory.enums import Frequency


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
