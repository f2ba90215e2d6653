from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DsfrFormMixin, HoneypotForm


class SignInLinkForm(DsfrFormMixin, HoneypotForm):
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
