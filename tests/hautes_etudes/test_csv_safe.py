"""One guard for every CSV cell (OWASP CSV injection)."""

import pytest

from core.csv_safe import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3,5", "-3,5"),
        ("+12", "+12"),
        ("Texte", "Texte"),
        (12, 12),
        ("", ""),
    ],
)
def test_safe_cell_neutralises_formulas_only(value, expected):
    assert safe_cell(value) == expected
