"""The research side of a question de terrain: its stage, a second state machine on the same
object as the editorial one (editorial.workflow), moved by other people.

`MOVES` declares every allowed move once: from which stages, to which, who may make it (a
Django permission; the research secretariat holds it, researchers and editors do not) and what
it needs (a lab, a project, a published result). `transition()` is the only code that writes
`stage`, `lab` and `project` of an existing question: under a row lock it checks the move
against the stage read there, saves with `update_fields`, writes one QuestionEvent and queues
the email to the question's contributor, in one transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.emails import send_templated_email
from editorial.status import EditorialStatus
from research.enums import QuestionStage as S
from research.models import FieldQuestion, Publication, QuestionEvent

MOVE_STAGE = "research.move_question_stage"
LAB, PROJECT, RESULTS = "lab", "project", "results"


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset
    target: str
    label: str
    by: tuple  # permissions; any one suffices
    needs: tuple = ()  # LAB, PROJECT (given with the move), RESULTS (a public publication)


MOVES = (
    Move(
        "take_up",
        frozenset({S.OPEN}),
        S.TAKEN_UP,
        gettext_lazy("Confier à un laboratoire"),
        (MOVE_STAGE,),
        needs=(LAB,),
    ),
    Move(
        "start_project",
        frozenset({S.TAKEN_UP}),
        S.PROJECT_ONGOING,
        gettext_lazy("Relier le projet qui y répond"),
        (MOVE_STAGE,),
        needs=(PROJECT,),
    ),
    Move(
        "publish_results",
        frozenset({S.PROJECT_ONGOING}),
        S.RESULTS_PUBLISHED,
        gettext_lazy("Annoncer les résultats publiés"),
        (MOVE_STAGE,),
        needs=(RESULTS,),
    ),
    Move(
        "reopen",
        frozenset({S.TAKEN_UP}),
        S.OPEN,
        gettext_lazy("Rouvrir la question (le laboratoire se retire)"),
        (MOVE_STAGE,),
    ),
)
MOVES_BY_NAME = {move.name: move for move in MOVES}
# The public path of a question, in order (the stepper on its page).
PATH = (S.OPEN, S.TAKEN_UP, S.PROJECT_ONGOING, S.RESULTS_PUBLISHED)


class StageMoveNotAllowed(Exception):
    """The move is not in the table from the question's stage, not for this person, or what it
    needs is missing (the message says what, in French)."""


def may(user, move):
    if user is None or not user.is_authenticated:
        return False
    return any(user.has_perm(permission) for permission in move.by)


def available_moves(question, user):
    """The moves `user` may make on `question` from its current stage, in table order."""
    if question.status != EditorialStatus.PUBLISHED:
        return []
    return [move for move in MOVES if question.stage in move.sources and may(user, move)]


def _check_needs(move, question, *, lab, project):
    if LAB in move.needs and lab is None:
        raise StageMoveNotAllowed(_("Choisissez le laboratoire qui prend la question en charge."))
    if PROJECT in move.needs:
        if project is None:
            raise StageMoveNotAllowed(_("Choisissez le projet qui répond à la question."))
        if not project.is_public:
            raise StageMoveNotAllowed(_("Ce projet n'est pas publié sur le site."))
    if RESULTS in move.needs and not (
        question.project_id
        and Publication.objects.public().filter(projects=question.project_id).exists()
    ):
        raise StageMoveNotAllowed(
            _("Le projet n'a encore aucune publication sur le site : publiez-la d'abord.")
        )


def transition(question, move_name, *, by, lab=None, project=None, note=""):
    """Make the move `move_name` on `question` on behalf of `by`, connecting `lab` (take_up) or
    `project` (start_project). Raises StageMoveNotAllowed when the table, the person's rights,
    the question's editorial status or what the move needs refuse it. Returns the QuestionEvent.

    Side effects: saves the question's stage (and lab or project), writes one QuestionEvent and
    queues one email to the question's contributor (core.emails, sent after the commit); the
    search entry follows after the commit (resources.signals)."""
    move = MOVES_BY_NAME[move_name]
    with transaction.atomic():
        locked = (
            FieldQuestion.objects.select_for_update(of=("self",))
            .select_related("contributor", "lab", "project")
            .get(pk=question.pk)
        )
        source = locked.stage
        if locked.status != EditorialStatus.PUBLISHED:
            raise StageMoveNotAllowed(_("La question n'est pas publiée."))
        if source not in move.sources or not may(by, move):
            raise StageMoveNotAllowed(f"{move_name}: {source} → {move.target}")
        _check_needs(move, locked, lab=lab, project=project)
        fields = ["stage", "updated_at"]
        locked.stage = move.target
        if LAB in move.needs:
            locked.lab = lab
            fields.append("lab")
        if move.name == "reopen":
            locked.lab = None
            fields.append("lab")
        if PROJECT in move.needs:
            locked.project = project
            fields.append("project")
            if locked.lab_id is None:
                locked.lab = project.labs.first()
                fields.append("lab")
        locked.save(update_fields=fields)
        event = QuestionEvent.objects.create(
            question=locked,
            move=move.name,
            source=source,
            target=move.target,
            by=by if by is not None and by.is_authenticated else None,
            at=timezone.now(),
            lab=locked.lab if LAB in move.needs else None,
            project=project,
            note=note.strip(),
        )
        _notify_contributor(locked, event)
    for field in ("stage", "lab", "lab_id", "project", "project_id", "updated_at"):
        setattr(question, field, getattr(locked, field))
    return event


def _notify_contributor(question, event):
    contributor = question.contributor
    if contributor is None or not contributor.email:
        return
    send_templated_email(
        to=contributor.email,
        template_prefix="research/questions/email/stage_changed",
        context={"question": question, "event": event, "contributor": contributor},
        about=question,
        kind="question-stage",
    )
