"""The staff groups of the selection, named once: migrations, admin and demo import these.

Access is then decided by Django permissions on the models, granted to the groups by the
pillars' migrations; a name here is only how a group is found."""

from dataclasses import dataclass

CURATORS = "Curateurs"
READERS = "Lecture seule"
CONTRIBUTORS = "Contributeurs"  # people outside the staff who propose content (accounts)


@dataclass(frozen=True)
class SelectionRoles:
    """The two selection groups of one pillar."""

    secretariat: str
    committee: str


CYCLE = SelectionRoles(secretariat="Secrétariat de sélection", committee="Comité de sélection")
CALLS = SelectionRoles(secretariat="Secrétariat scientifique", committee="Comité scientifique")
SELECTION_GROUPS = (CYCLE.committee, CYCLE.secretariat, CALLS.committee, CALLS.secretariat)


@dataclass(frozen=True)
class EditorialRole:
    """One role of the editorial workflow (editorial/workflow.py MOVES says what each
    permission allows). `model_actions` are the Django model permissions on every publishable
    model (add, change, view, delete); `editorial` the codenames of editorial.EditorialEvent's
    permissions. The groups are created and granted by editorial's migration 0002."""

    key: str
    group: str
    staff: bool
    model_actions: tuple
    editorial: tuple


CONTRIBUTORS = "Contributeurs"
WRITERS = "Rédacteurs"
REVIEWERS = "Relecteurs"
EDITORS = "Éditeurs"
EDITORIAL_ROLES = (
    # Outside people (ProConnect or an emailed link): no back-office at all; what they may do
    # on their own proposals is the CONTRIBUTOR entry of each move, not a permission.
    EditorialRole("contributeur", CONTRIBUTORS, staff=False, model_actions=(), editorial=()),
    # Writes and proposes, never publishes.
    EditorialRole("redacteur", WRITERS, True, ("view", "add", "change"), ("propose_content",)),
    # Takes proposals up, corrects them and sends them back with a message.
    EditorialRole("relecteur", REVIEWERS, True, ("view", "change"), ("review_content",)),
    # Publishes, refuses with a reason, archives; everything a reviewer does too.
    EditorialRole(
        "editeur",
        EDITORS,
        True,
        ("view", "add", "change", "delete"),
        ("propose_content", "review_content", "publish_content"),
    ),
)
EDITORIAL_STAFF_GROUPS = tuple(role.group for role in EDITORIAL_ROLES if role.staff)
# The curators of the resource centre (before the editorial roles) keep their group: they are
# editors, with the éditeur's editorial permissions (granted by the same migration).
CURATOR_EDITORIAL = EDITORIAL_ROLES[-1].editorial

STAFF_GROUPS = (CURATORS, READERS, *SELECTION_GROUPS, *EDITORIAL_STAFF_GROUPS)
"""Every staff group; each of them signs in with two factors (core/two_factor.py)."""

# Researchers of the labs (research.Researcher.user): they declare interest in questions de
# terrain on the public pages. Not a staff group: it opens no back-office screen. The calls'
# scientific secretariat (CALLS.secretariat) is the institute's research secretariat: it also
# moves questions through their stages (research/questions/workflow.py).
RESEARCHERS = "Chercheurs"

# The permission, declared on Edition and Call, to change a selection's rules (criteria,
# weights, blind review, dates, quotas); only the pillar's secretariat holds it.
RULES_PERMISSION = "change_selection_rules"
