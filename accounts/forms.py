from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DsfrFormMixin


class SignInLinkForm(DsfrFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        help_text=_("Format attendu : nom@domaine.fr"),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    # A field people never see: robots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("Ne pas remplir ce champ"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Votre demande n'a pas pu être enregistrée."))
        return ""
