"""CSV cells a spreadsheet will not run (OWASP « CSV injection »)."""

import csv
import re

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# …except a plain signed number ("-3,5"), which a spreadsheet reads as the number it is.
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def safe_cell(value):
    """The value as CSV should hold it: text starting like a formula gets a leading quote.
    Numbers are kept as they are (a negative amount stays a number)."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


class SafeWriter:
    """csv.writer whose rows go through safe_cell: every CSV export of the portal uses it."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(stream, **kwargs):
    return SafeWriter(stream, **kwargs)
