"""What a researcher does on a question de terrain: declare interest."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from editorial.status import EditorialStatus
from research.enums import QuestionStage
from research.models import QuestionInterest

DECLARE_INTEREST = "research.add_questioninterest"


class InterestRefused(Exception):
    """The person may not declare interest in this question (the message says why)."""


def researcher_of(user):
    """The directory entry of a signed-in researcher with the researchers' role, else None."""
    if not user.is_authenticated or not user.has_perm(DECLARE_INTEREST):
        return None
    return getattr(user, "researcher", None)


def may_declare_interest(user, question):
    return (
        question.status == EditorialStatus.PUBLISHED
        and question.stage == QuestionStage.OPEN
        and researcher_of(user) is not None
    )


def declare_interest(*, question, user, note):
    """Record the interest of `user`'s researcher in the open `question`, once per researcher,
    with the lab they belong to now. Raises InterestRefused otherwise.

    Side effects: one QuestionInterest row, read by the research secretariat in the admin."""
    researcher = researcher_of(user)
    if researcher is None:
        raise InterestRefused(
            _("Seul·es les chercheur·es connecté·es peuvent déclarer un intérêt.")
        )
    if not may_declare_interest(user, question):
        raise InterestRefused(_("Cette question n'est plus ouverte aux déclarations d'intérêt."))
    try:
        with transaction.atomic():
            return QuestionInterest.objects.create(
                question=question,
                researcher=researcher,
                lab_id=researcher.lab_id,
                note=note.strip(),
            )
    except IntegrityError:
        raise InterestRefused(
            _("Vous avez déjà déclaré votre intérêt pour cette question.")
        ) from None
