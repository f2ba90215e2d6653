"""The accessibility statement's figures, computed from the RGAA audit grid kept in
docs/accessibility/audit.toml (TOML: read by the standard library, no new dependency).

A criterion is C (conforme), NC (non conforme), NA (non applicable) or NT (non testé). A
criterion not tested cannot be claimed: NT counts as non conforme in the rate, as the RGAA asks
of anything not shown to conform. The rate is the RGAA's: C / (C + NC) over the sample.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

GRID = Path(settings.BASE_DIR) / "docs" / "accessibility" / "audit.toml"
RESULTS = ("C", "NC", "NA", "NT")
CRITERIA_COUNT = 106  # RGAA 4.1


@dataclass(frozen=True)
class Audit:
    meta: dict
    pages: list
    criteria: list
    plan: dict

    def with_result(self, *results):
        return [criterion for criterion in self.criteria if criterion["result"] in results]

    @property
    def counts(self):
        return {result: len(self.with_result(result)) for result in RESULTS}

    @property
    def rate(self):
        """Percentage of applicable criteria met, rounded down (never rounded up to 100)."""
        counts = self.counts
        applicable = counts["C"] + counts["NC"] + counts["NT"]
        return counts["C"] * 100 // applicable if applicable else 100

    @property
    def provisional(self):
        """The rate is provisional while some criteria are untested (NT), whichever way they
        turn out."""
        return self.counts["NT"] > 0

    @property
    def state_label(self):
        """The RGAA's three states: « totalement » only at 100 %, « partiellement » from 50 %."""
        if self.rate == 100:
            return _("totalement conforme")
        if self.rate >= 50:
            return _("partiellement conforme")
        return _("non conforme")


def _check(grid):
    criteria = grid["criteria"]
    ids = [criterion["id"] for criterion in criteria]
    if len(ids) != CRITERIA_COUNT or len(set(ids)) != CRITERIA_COUNT:
        raise ValueError(f"{GRID}: expected {CRITERIA_COUNT} distinct criteria, got {len(ids)}")
    for criterion in criteria:
        if criterion["result"] not in RESULTS or not criterion.get("method"):
            raise ValueError(f"{GRID}: criterion {criterion['id']} needs a result and a method")
    page_ids = {page["id"] for page in grid["pages"]}
    for criterion in criteria:
        unknown = set(criterion.get("pages", [])) - page_ids
        if unknown:
            raise ValueError(f"{GRID}: criterion {criterion['id']} names unknown pages {unknown}")


@cache
def load_audit(path=GRID):
    """Read and check the grid once per process (it ships with the code)."""
    grid = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    _check(grid)
    return Audit(
        meta=grid["audit"], pages=grid["pages"], criteria=grid["criteria"], plan=grid["plan"]
    )
