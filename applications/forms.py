"""The applicant's own forms (the steps are each pillar's, in its forms.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DsfrFormMixin


class StartForm(DsfrFormMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse électronique"),
        help_text=gettext_lazy(
            "Nous vous y envoyons le lien personnel pour reprendre votre candidature à tout "
            "moment, depuis n'importe quel appareil."
        ),
        max_length=254,
        error_messages={
            "invalid": gettext_lazy(
                "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
            )
        },
    )
    website = forms.CharField(required=False, label=gettext_lazy("Ne pas remplir ce champ"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Ce formulaire n'a pas pu être envoyé."))
        return ""


class WithdrawForm(DsfrFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Je confirme retirer ma candidature"),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer le retrait.")},
    )
