"""The researcher's interest form (public page) and the secretariat's stage form (admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DsfrFormMixin
from research.models import Lab, Project

NOTE_MAX = 1000


class InterestForm(DsfrFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Votre note pour le secrétariat scientifique"),
        help_text=_(
            "En quelques lignes : ce que votre équipe pourrait apporter, avec qui, quand "
            "(1 000 caractères au plus)."
        ),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Écrivez une courte note pour présenter votre intérêt."),
            "max_length": _("La note compte au plus 1 000 caractères."),
        },
    )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Écrivez une courte note pour présenter votre intérêt."))
        return note


class StageMoveForm(forms.Form):
    """One move of the stage table, with the lab or project it connects."""

    move = forms.ChoiceField(label=_("Changement"), widget=forms.RadioSelect)
    lab = forms.ModelChoiceField(
        label=_("Laboratoire qui prend la question en charge"),
        queryset=Lab.objects.public(),
        required=False,
    )
    project = forms.ModelChoiceField(
        label=_("Projet qui répond à la question"),
        queryset=Project.objects.public(),
        required=False,
    )
    note = forms.CharField(
        label=_("Note pour l'historique"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, moves, interested_labs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move"].choices = [(move.name, move.label) for move in moves]
        if interested_labs:
            # The labs whose researchers declared interest first, then the others.
            first = [lab.pk for lab in interested_labs]
            self.fields["lab"].help_text = _("Intéressés : %(labs)s.") % {
                "labs": ", ".join(str(lab) for lab in interested_labs)
            }
            self.fields["lab"].initial = first[0]
