"""The applicant's own forms (the steps are each pillar's, in its forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy

from core.forms import DsfrFormMixin, HoneypotForm


class StartForm(DsfrFormMixin, HoneypotForm):
    honeypot_message = gettext_lazy("Ce formulaire n'a pas pu être envoyé.")
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


class WithdrawForm(DsfrFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Je confirme retirer ma candidature"),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer le retrait.")},
    )
