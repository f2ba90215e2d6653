"""« Poser une question de terrain »: the form and its page (the form logic, drafts and credit
are editorial.contribute's; the question's public pages are research.views')."""

from django import forms
from django.utils.translation import gettext_lazy

from editorial.contribute import ContributionForm, contribution_view
from research.models import FieldQuestion
from resources.contributions.forms import territory_field, themes_field


class QuestionContributionForm(ContributionForm):
    territory = territory_field(gettext_lazy("Le territoire d'où elle vient (facultatif)"))
    themes = themes_field()
    needed_to_propose = ("context",)
    fieldsets = (
        (
            gettext_lazy("La question"),
            "",
            ["title", "context", "team", "territory", "themes", "people_supported_took_part"],
        ),
    )

    class Meta(ContributionForm.Meta):
        model = FieldQuestion
        fields = ["title", "context", "team", "territory", "themes", "people_supported_took_part"]
        labels = {
            "title": gettext_lazy("Votre question"),
            "context": gettext_lazy("Son contexte"),
            "team": gettext_lazy("L'équipe qui la pose (facultatif)"),
            "people_supported_took_part": gettext_lazy(
                "Des personnes accompagnées ont pris part à cette question, et acceptent que "
                "ce soit dit"
            ),
        }
        help_texts = {
            "title": gettext_lazy(
                "Une phrase, par exemple « Pourquoi les jeunes sortant de l'ASE renoncent-ils "
                "à leurs droits ? »"
            ),
            "context": gettext_lazy(
                "D'où vient la question, ce que vous observez, ce qui a déjà été essayé."
            ),
        }
        widgets = {"context": forms.Textarea(attrs={"rows": 6})}


propose_question = contribution_view(
    QuestionContributionForm,
    template="research/question_form.html",
    url_name="research:propose_question",
)
