"""Every demo data file reads as correct French: no missing elision or contraction, « 1er » for
the first of the month, real titles (no numbered slugs, no « (59) » suffixes, no duplicates),
bodies that do not repeat the summary, counts that match the lists they announce."""

import re
from pathlib import Path

import pytest
import yaml

FOLDER = Path(__file__).resolve().parents[2] / "ints_portal" / "demo_data"
FILES = sorted(FOLDER.glob("*.yaml"))
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
VOWEL = "aeiouàâäéèêëîïôöùûüœAEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ"  # not y: « de Yacine »
SLIPS = [
    (re.compile(r"\b(de|à) (le|les)\b", re.IGNORECASE), "contraction manquante (du, des, au, aux)"),
    (
        re.compile(
            rf"\b(de|que|le|la|je|ne|se|me|te|jusque|lorsque|puisque) [{VOWEL}]\w*", re.IGNORECASE
        ),
        "élision manquante (d', qu', l'…)",
    ),
    (re.compile(r"\bsi (il|ils)\b"), "élision manquante (s'il)"),
    (re.compile(rf"\b1 ({MONTHS})\b", re.IGNORECASE), "« 1er » attendu"),
    (re.compile(r"\ben toute la France\b", re.IGNORECASE), "« dans toute la France » attendu"),
    (re.compile(r"\(\d{1,3}\)"), "numéro entre parenthèses"),
]
# Words after which no elision is made (aspirated or foreign initials, numbers written out).
NO_ELISION = {"ou", "onze", "onzième", "oui", "ouate"}
NUMBERS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12,
}  # fmt: skip


def french_slips(text):
    """The grammatical slips found in `text`, as (excerpt, reason)."""
    found = []
    for pattern, reason in SLIPS:
        for match in pattern.finditer(text):
            last_word = match.group(0).split()[-1].lower()
            if last_word in NO_ELISION:
                continue
            found.append((match.group(0), reason))
    return found


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def items():
    """(file name, model, item) for every item of every block file."""
    for path in FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, list):
            for block in data:
                if not isinstance(block, dict) or "items" not in block:
                    continue  # accounts.yaml: a plain list of accounts
                for item in block["items"]:
                    yield path.name, block["model"], item


def plain(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize(
    "text",
    [
        "autour de le développement social local",
        "Se former à les démarches",
        "Professionnels de Amiens",
        "issus de Aude",
        "en toute la France",
        "le 1 mars",
        "Guide pratique : l'aller-vers (59)",
        "Je pense que il viendra",
        "La évaluation des besoins",
    ],
)
def test_french_slips_finds_each_known_slip(text):
    assert len(french_slips(text)) == 1


def test_french_slips_accepts_correct_french():
    text = (
        "Autour du développement social local, aux démarches d'Amiens, issus de l'Aude, dans "
        "toute la France, le 1er mars, l'aller-vers ; qu'il vienne, s'il le veut, le onze mai."
    )
    assert french_slips(text) == []


def test_every_demo_data_file_is_found():
    assert {path.stem for path in FILES} >= {
        "agenda",
        "calls",
        "hautes_etudes",
        "observatory",
        "organisations",
        "research",
        "resources",
        "training",
    }


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_demo_data_file_has_no_french_slip(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    slips = [slip for text in strings(data) for slip in french_slips(plain(text))]

    assert slips == []


def test_selection_demo_has_no_placeholder_and_no_twin():
    """The selection files (applications typed into the forms) read as real applications: no
    « projet de démonstration n° 12 », no lorem ipsum, each person and project once."""
    placeholder = re.compile(r"démonstration n°|lorem|ipsum|\btest\b", re.IGNORECASE)
    seen = []
    for name in ("cycle_applications", "call_applications"):
        data = yaml.safe_load((FOLDER / f"{name}.yaml").read_text(encoding="utf-8"))
        for application in data["applications"]:
            answers = {k: v for step in application["answers"].values() for k, v in step.items()}
            seen.append(answers.get("project_title") or answers["last_name"])
            seen.append(application["email"])
            assert [t for t in strings(application) if placeholder.search(t)] == []

    assert len(seen) > 40
    assert len(seen) == len(set(seen))


def test_demo_slugs_are_not_numbered():
    numbered = re.compile(r"(^demo-|-\d{1,3}$|-\d{1,3}-|-site-\d|-bis$)")

    slugs = [(model, item["slug"]) for _file, model, item in items() if "slug" in item]

    assert len(slugs) > 200
    assert [slug for _model, slug in slugs if numbered.search(slug)] == []
    assert len(slugs) == len(set(slugs))


def test_demo_titles_are_unique_within_each_model():
    seen, duplicates = set(), []
    for _file, model, item in items():
        title = item.get("title") or item.get("name")
        if title is None:
            continue
        if (model, title) in seen:
            duplicates.append((model, title))
        seen.add((model, title))

    assert duplicates == []


def test_demo_bodies_do_not_repeat_the_summary():
    repeated = []
    for _file, _model, item in items():
        summary = item.get("summary")
        body = item.get("body") or item.get("description")
        if summary and body and plain(summary).rstrip(".") in plain(body):
            repeated.append(item["slug"])

    assert repeated == []


def test_demo_counts_written_out_match_the_lists():
    mismatches = []
    for _file, _model, item in items():
        for name in ("sessions", "criteria", "chapters"):
            listed = item.get(name)
            if not listed:
                continue
            said = re.search(rf"\b(\w+) {name[:-1]}", str(item.get("description", "")).lower())
            if said and said.group(1) in NUMBERS and NUMBERS[said.group(1)] != len(listed):
                mismatches.append((item.get("slug"), said.group(0), len(listed)))

    assert mismatches == []
