"""The one CSV reader of the curators' imports (core.csv_files)."""

import pytest

from core import csv_files


@pytest.mark.parametrize(
    ("first_line", "delimiter"),
    [("a;b", ";"), ("a,b", ","), ("a;b,c", ";"), ("a,b;c,d", ","), ("a", ";")],
)
def test_delimiter_is_a_semicolon_unless_commas_outnumber_them(first_line, delimiter):
    header, _rows = csv_files.read_rows(f"{first_line}\n1{delimiter}2\n".encode())

    assert len(header) == first_line.count(delimiter) + 1


def test_headers_are_folded_and_blank_lines_skipped():
    header, rows = csv_files.read_rows("\ufeffTitre ; Résumé\n\nA;B\n;\nC;D\n".encode())

    assert header == ["titre", "resume"]
    assert rows == [(3, {"titre": "A", "resume": "B"}), (5, {"titre": "C", "resume": "D"})]


def test_size_and_row_limits_are_one_setting_each():
    with pytest.raises(csv_files.CsvFormatError, match="dépasse 1 Mo"):
        csv_files.read_rows(b"a\n" + b"x" * 1024 * 1024, max_bytes=1024 * 1024)
    with pytest.raises(csv_files.CsvFormatError, match="dépasse 2 lignes"):
        csv_files.read_rows(b"a\n1\n2\n3\n", max_rows=2)


def test_lookup_by_code_or_label_and_ambiguous_labels():
    lookup = csv_files.Lookup(
        [
            ("r", "reunion-region", "La Réunion"),
            ("d", "974-la-reunion", "La Réunion"),
            ("n", "59-nord", "Nord"),
        ]
    )

    assert lookup.find("59-nord") == ("n", None)
    assert lookup.find("NORD") == ("n", None)
    assert lookup.find("Sud") == (None, None)
    obj, message = lookup.find("la reunion")
    assert obj is None
    assert message == (
        "« la reunion » est ambigu : indiquez l'identifiant (reunion-region, 974-la-reunion)."
    )
