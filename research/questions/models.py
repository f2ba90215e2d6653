"""The log of a question's stage moves and the interests researchers declare in it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import StatusEvent
from research.enums import QuestionStage

__all__ = ["QuestionEvent", "QuestionInterest"]


class QuestionEvent(StatusEvent):
    """One move of a question's stage (research.questions.workflow): who, when, from what to
    what, the lab or project it connected, and the secretariat's note.

    Not editorial.EditorialEvent: that log holds editorial statuses (draft … published), which
    « Mes contributions », the moderation queue and the revisions read; a stage is another
    axis of the same object, moved by other people, and mixing both in one column would make
    every reader of either filter the other out."""

    question = models.ForeignKey(
        "research.FieldQuestion", on_delete=models.CASCADE, related_name="stage_events"
    )
    move = models.CharField(_("changement"), max_length=30)
    source = models.CharField(_("de"), max_length=20, choices=QuestionStage.choices)
    target = models.CharField(_("vers"), max_length=20, choices=QuestionStage.choices)
    lab = models.ForeignKey(
        "research.Lab",
        verbose_name=_("laboratoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        "research.Project",
        verbose_name=_("projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("étape d'une question de terrain")
        verbose_name_plural = _("historique des étapes")
        permissions = [
            ("move_question_stage", _("Faire avancer une question de terrain vers la recherche")),
        ]


class QuestionInterest(models.Model):
    """A researcher's interest in an open question, with a short note for the secretariat."""

    question = models.ForeignKey(
        "research.FieldQuestion",
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    researcher = models.ForeignKey(
        "research.Researcher",
        verbose_name=_("chercheur·e"),
        on_delete=models.CASCADE,
        related_name="question_interests",
    )
    lab = models.ForeignKey(
        "research.Lab",
        verbose_name=_("laboratoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_interests",
        help_text=_("Le laboratoire de la personne au moment de sa déclaration."),
    )
    note = models.TextField(_("note"), max_length=1000)
    created_at = models.DateTimeField(_("déclaré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("intérêt d'un·e chercheur·e")
        verbose_name_plural = _("intérêts des chercheur·es")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "researcher"], name="question_interest_once_per_researcher"
            ),
        ]

    def __str__(self):
        return f"{self.researcher} — {self.question}"
