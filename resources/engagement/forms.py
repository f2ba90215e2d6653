from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import DsfrFormMixin, HoneypotForm
from resources import selection


class SubscriptionForm(DsfrFormMixin, HoneypotForm):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        help_text=_("Format attendu : nom@domaine.fr"),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )
    # The selection: which list (a followable list's key) and its query string.
    scope = forms.CharField(max_length=30, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_scope(self):
        scope = self.cleaned_data["scope"]
        if selection.get(scope) is None:
            raise forms.ValidationError(_("Cette sélection ne peut pas être suivie."))
        return scope

    @property
    def saved(self):
        """The selection to follow (valid forms only)."""
        from_query = QueryDict(self.cleaned_data.get("query", ""))
        return selection.read(self.cleaned_data["scope"], from_query)


class FeedbackForm(DsfrFormMixin, forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Cette ressource vous a-t-elle été utile ?"),
        choices=[("oui", _("Oui")), ("non", _("Non"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez « Oui » ou « Non ».")},
    )
    comment = forms.CharField(
        label=_("Un commentaire ? (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("1 000 caractères au plus. N'indiquez pas de données personnelles."),
        error_messages={"max_length": _("Votre commentaire dépasse 1 000 caractères.")},
    )
