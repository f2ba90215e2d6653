import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from core.formatting import format_number, parse_number
from core.typography import french_text
from resources.models import Territory
from resources.observatory.charts import nice_step, value_scale
from resources.observatory.formatting import parse_period
from tests.factories import DataPointFactory, DatasetFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def svgs(response):
    """The page's charts, parsed as XML (which also proves they are well-formed)."""
    html = response.content.decode()
    out = []
    start = 0
    while (start := html.find("<svg xmlns", start)) != -1:
        end = html.index("</svg>", start) + len("</svg>")
        out.append(ET.fromstring(html[start:end]))
        start = end
    return out


def series(values, *, chart_type="line", start=2020, unit="personnes", decimals=0):
    indicator = IndicatorFactory(
        name="Effectifs", unit=unit, chart_type=chart_type, decimals=decimals
    )
    for i, value in enumerate(values):
        DataPointFactory(indicator=indicator, period=datetime.date(start + i, 1, 1), value=value)
    return indicator


def floats(elements, attribute):
    return [float(element.get(attribute)) for element in elements]


def test_format_number_is_french():
    assert format_number(Decimal("1234567.891"), 2) == "1\u202f234\u202f567,89"
    assert format_number(Decimal("-1500"), 0) == "\u22121\u202f500"
    assert format_number(Decimal("12.5"), 1) == "12,5"
    assert format_number(Decimal("-0.01"), 1) == "0,0"
    assert format_number(Decimal("1234.5"), 1, grouping=False) == "1234,5"


def test_parse_number_and_period():
    assert parse_number("1 234,5") == Decimal("1234.5")
    assert parse_number("1\u202f234") == Decimal("1234")
    assert parse_number("-3.25") == Decimal("-3.25")
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_number("douze")
    assert parse_period("2024-T3", "quarterly") == datetime.date(2024, 7, 1)
    assert parse_period("2024-03", "monthly") == datetime.date(2024, 3, 1)
    with pytest.raises(ValueError, match="attendu AAAA"):
        parse_period("2024-03", "annual")


def test_nice_scale():
    assert nice_step(Decimal(14729)) == Decimal(5000)
    assert value_scale([Decimal(14729), Decimal(12000)])[:2] == (0, 15000)
    low, high, ticks, decimals = value_scale([Decimal("9.4"), Decimal("4.0")])
    assert (low, high, decimals) == (0, 10, 1)
    assert ticks == [0, Decimal("2.5"), Decimal("5.0"), Decimal("7.5"), Decimal("10.0")]
    low, high, _ticks, _decimals = value_scale([Decimal(-30), Decimal(50)])
    assert (low, high) == (-40, 60)


def test_line_chart_points_follow_values(client):
    indicator = series([100, 300, 200, 400])

    [svg] = svgs(client.get(indicator.dataset.get_absolute_url()))

    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Effectifs (personnes)"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # The page is typeset as French (core.typography), the chart's description too.
    assert desc.text == french_text(
        "Effectifs, de 2020 à 2023 (4 valeurs, périodicité annuelle) : 100 personnes en 2020, "
        "400 personnes en 2023. Maximum : 400 personnes en 2023 ; minimum : 100 personnes "
        "en 2020."
    ).replace(" personnes", "\u00a0personnes")
    dots = svg.findall(f".//{SVG}circle")
    assert len(dots) == 4
    xs, ys = floats(dots, "cx"), floats(dots, "cy")
    assert xs == sorted(xs) and len(set(xs)) == 4  # periods left to right, evenly spaced
    assert xs[1] - xs[0] == pytest.approx(xs[3] - xs[2], abs=0.2)
    # Higher values are higher up (smaller y), proportionally: scale 0 → 400.
    assert ys[3] < ys[1] < ys[2] < ys[0]
    baseline = float(svg.find(f"{SVG}line[@class='ints-chart__axis']").get("y1"))
    assert (baseline - ys[1]) == pytest.approx(3 * (baseline - ys[0]), abs=0.3)
    polyline = svg.find(f"{SVG}polyline").get("points").split()
    assert [tuple(map(float, p.split(","))) for p in polyline] == list(zip(xs, ys, strict=True))
    categories = svg.findall(
        f".//{SVG}g[@class='ints-chart__text ints-chart__categories']/{SVG}text"
    )
    assert [t.text for t in categories] == ["2020", "2021", "2022", "2023"]
    ticks = svg.findall(f".//{SVG}g[@class='ints-chart__text']/{SVG}text")
    assert [t.text for t in ticks] == ["0", "100", "200", "300", "400"]
    values = svg.findall(f".//{SVG}g[@class='ints-chart__value']/{SVG}text")
    assert [t.text for t in values] == ["100", "300", "200", "400"]


def test_bar_chart_heights_are_proportional_and_labels_french(client):
    indicator = series(
        [Decimal("1500.5"), Decimal("3001"), Decimal("750.25")], chart_type="bar", decimals=1
    )

    [svg] = svgs(client.get(indicator.dataset.get_absolute_url()))

    bars = svg.findall(f".//{SVG}rect")
    assert len(bars) == 3
    heights = floats(bars, "height")
    assert heights[1] == pytest.approx(2 * heights[0], rel=0.01)
    assert heights[0] == pytest.approx(2 * heights[2], rel=0.01)
    bottoms = {round(float(b.get("y")) + float(b.get("height")), 1) for b in bars}
    assert len(bottoms) == 1  # every bar stands on the baseline
    assert len(set(floats(bars, "width"))) == 1
    values = svg.findall(f".//{SVG}g[@class='ints-chart__value']/{SVG}text")
    assert [t.text for t in values] == ["1\u202f500,5", "3\u202f001,0", "750,3"]


def test_territory_chart_is_horizontal_bars_sorted_by_value(client):
    indicator = IndicatorFactory(by_territory=True, name="Postes vacants", unit="%", decimals=1)
    for code, value in (("11", "4.5"), ("32", "9"), ("94", "6.75")):
        DataPointFactory(
            indicator=indicator,
            value=Decimal(value),
            territory=Territory.objects.get(kind="region", code=code),
        )

    response = client.get(indicator.dataset.get_absolute_url())

    [svg] = svgs(response)
    bars = svg.findall(f".//{SVG}rect")
    widths, ys = floats(bars, "width"), floats(bars, "y")
    assert ys == sorted(ys)  # one row per territory, from the highest value down
    assert widths[0] > widths[1] > widths[2]
    assert widths[0] / widths[2] == pytest.approx(9 / 4.5, rel=0.01)
    labels = svg.findall(f".//{SVG}g[@class='ints-chart__text ints-chart__categories']/{SVG}text")
    assert [t.text for t in labels] == ["Hauts-de-France", "Corse", "Île-de-France"]
    values = svg.findall(f".//{SVG}g[@class='ints-chart__value']/{SVG}text")
    assert [t.text for t in values] == ["9,0\u00a0%", "6,8\u00a0%", "4,5\u00a0%"]
    assert french_text(
        "Le plus élevé : Hauts-de-France, 9,0\u00a0% ; le plus faible : Île-de-France"
    ) in (svg.find(f"{SVG}desc").text)


def test_negative_values_grow_below_the_baseline(client):
    indicator = series([-50, 100], chart_type="bar")

    [svg] = svgs(client.get(indicator.dataset.get_absolute_url()))

    baseline = float(svg.find(f"{SVG}line[@class='ints-chart__axis']").get("y1"))
    negative, positive = svg.findall(f".//{SVG}rect")
    assert float(negative.get("y")) == baseline
    assert float(positive.get("y")) + float(positive.get("height")) == baseline
    assert float(positive.get("height")) == pytest.approx(
        2 * float(negative.get("height")), abs=0.2
    )


def test_many_periods_thin_axis_labels_but_keep_the_last(client):
    indicator = IndicatorFactory(frequency="monthly")
    for month in range(1, 13):
        for year in (2023, 2024):
            DataPointFactory(
                indicator=indicator, period=datetime.date(year, month, 1), value=1000 + month
            )

    [svg] = svgs(client.get(indicator.dataset.get_absolute_url()))

    labels = [
        t.text
        for t in svg.findall(
            f".//{SVG}g[@class='ints-chart__text ints-chart__categories']/{SVG}text"
        )
    ]
    assert 2 < len(labels) < 24
    assert labels[-1] == "décembre 2024"
    assert len(svg.findall(f".//{SVG}circle")) == 24


def test_charts_have_no_style_attributes_and_dot_decimal_coordinates(client):
    indicator = series([Decimal("10.5"), Decimal("20.25")], decimals=2)
    IndicatorFactory(dataset=indicator.dataset, by_territory=True)

    response = client.get(indicator.dataset.get_absolute_url())

    html = response.content.decode()
    assert " style=" not in html
    assert "<style" not in html
    for svg in svgs(response):
        for element in svg.iter():
            assert "style" not in element.attrib
            for name in ("x", "y", "cx", "cy", "width", "height", "x1", "y1"):
                if name in element.attrib:
                    float(element.attrib[name])  # never "12,5": coordinates are not localised


def test_indicator_without_values_has_no_chart(client):
    indicator = IndicatorFactory(name="Bientôt")

    response = client.get(indicator.dataset.get_absolute_url())

    assert svgs(response) == []
    assert "Aucune valeur n'est encore publiée pour cet indicateur." in (response.content.decode())


def test_dataset_without_indicators_renders(client):
    dataset = DatasetFactory()
    assert client.get(dataset.get_absolute_url()).status_code == 200
