"""The staff groups of the selection, named once: migrations, admin and demo import these.

Access is then decided by Django permissions on the models, granted to the groups by the
pillars' migrations; a name here is only how a group is found."""

from dataclasses import dataclass

CURATORS = "Curateurs"
READERS = "Lecture seule"


@dataclass(frozen=True)
class SelectionRoles:
    """The two selection groups of one pillar."""

    secretariat: str
    committee: str


CYCLE = SelectionRoles(secretariat="Secrétariat de sélection", committee="Comité de sélection")
CALLS = SelectionRoles(secretariat="Secrétariat scientifique", committee="Comité scientifique")
SELECTION_GROUPS = (CYCLE.committee, CYCLE.secretariat, CALLS.committee, CALLS.secretariat)
STAFF_GROUPS = (CURATORS, READERS, *SELECTION_GROUPS)
"""Every staff group; each of them signs in with two factors (core/two_factor.py)."""

# Researchers of the labs (research.Researcher.user): they declare interest in questions de
# terrain on the public pages. Not a staff group: it opens no back-office screen. The calls'
# scientific secretariat (CALLS.secretariat) is the institute's research secretariat: it also
# moves questions through their stages (research/questions/workflow.py).
RESEARCHERS = "Chercheurs"

# The permission, declared on Edition and Call, to change a selection's rules (criteria,
# weights, blind review, dates, quotas); only the pillar's secretariat holds it.
RULES_PERMISSION = "change_selection_rules"
