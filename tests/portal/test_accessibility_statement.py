"""The statement /accessibilite/ says what the grid docs/accessibility/audit.toml says: the
figures are counted here again from the file, independently of core/accessibility.py."""

import html
import re
import tomllib
from pathlib import Path

import pytest

from core.accessibility import Audit

GRID = Path(__file__).resolve().parents[2] / "docs" / "accessibility" / "audit.toml"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def grid():
    return tomllib.loads(GRID.read_text(encoding="utf-8"))


def text_of(markup):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_grid_has_each_rgaa_criterion_once_with_a_method(grid):
    ids = [c["id"] for c in grid["criteria"]]
    per_theme = [sum(1 for i in ids if i.split(".")[0] == str(t)) for t in range(1, 14)]
    assert per_theme == [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12]
    assert len(set(ids)) == 106
    assert all(c["result"] in {"C", "NC", "NA", "NT"} and c["method"] for c in grid["criteria"])
    assert len(grid["pages"]) == 15


def test_statement_figures_match_the_grid(client, grid):
    results = [c["result"] for c in grid["criteria"]]
    conform, not_applicable = results.count("C"), results.count("NA")
    not_conform, untested = results.count("NC"), results.count("NT")
    rate = conform * 100 // (conform + not_conform + untested)

    response = client.get("/accessibilite/")
    text = text_of(response.content.decode())

    assert response.status_code == 200
    assert f"révèle que {rate} % des critères du RGAA applicables sont respectés" in text
    assert f"{conform} critères conformes" in text
    assert f"{not_conform} critère non conforme" in text or f"{not_conform} critères non" in text
    assert f"{untested} critères non encore vérifiés" in text
    assert f"{not_applicable} critères non applicables" in text
    state = "partiellement conforme" if 50 <= rate < 100 else "non conforme"
    assert f"est {state} avec le référentiel" in text
    assert f"Accessibilité : {state}" in text  # the footer, on every page
    assert (
        "auto-évaluation" in text
        and "Aucun audit n'a encore été réalisé par un organisme externe" in text
    )
    assert "Aucune dérogation n'est invoquée." in text
    for page in grid["pages"]:
        assert page["path"] in text
    for criterion in grid["criteria"]:
        if criterion["result"] in ("NC", "NT"):
            assert f"Critère {criterion['id']} :" in text


@pytest.mark.parametrize(
    ("results", "state"),
    [
        (["C"] * 10 + ["NA"] * 96, "totalement conforme"),
        (["C"] * 5 + ["NT"] * 5 + ["NA"] * 96, "partiellement conforme"),
        (["C"] * 4 + ["NC"] * 6 + ["NA"] * 96, "non conforme"),
    ],
)
def test_state_follows_the_rgaa_thresholds(results, state):
    criteria = [{"id": str(i), "result": r, "method": "m"} for i, r in enumerate(results)]
    audit = Audit(meta={}, pages=[], criteria=criteria, plan={})
    assert str(audit.state_label) == state


def test_plan_pages_list_the_grid_commitments_and_actions(client, grid):
    plan = client.get("/accessibilite/schema-pluriannuel/")
    actions = client.get("/accessibilite/plan-d-actions/")
    assert plan.status_code == 200 and actions.status_code == 200
    plan_text, actions_text = text_of(plan.content.decode()), text_of(actions.content.decode())
    assert all(item in plan_text for item in grid["plan"]["commitments"])
    assert all(item["action"] in actions_text for item in grid["plan"]["actions"])
    assert "Année 2026" in actions_text and "Année 2027" in actions_text


def test_statement_calls_the_rate_provisional_while_criteria_are_untested(client, grid):
    untested = [c["result"] for c in grid["criteria"]].count("NT")

    text = text_of(client.get("/accessibilite/").content.decode())

    assert untested > 0
    assert f"Ce taux est provisoire : {untested} critères n'ont pas encore été vérifiés" in text


def test_grid_records_what_a_manual_check_of_issue_25_found(grid):
    results = {c["id"]: c["result"] for c in grid["criteria"]}

    # 8.6, 11.11 and 12.5 were fixed (tests/browser/test_error_states.py, test_a11y_keyboard.py);
    # 12.11 is applicable (« Voir plus », the breadcrumb, « Filtrer »: tests/browser/test_find.py).
    assert [results[i] for i in ("8.6", "11.11", "12.5", "12.11")] == ["C", "C", "C", "C"]
