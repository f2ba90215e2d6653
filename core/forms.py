"""Form helpers shared by every pillar: DSFR classes and accessible error wiring."""

from django import forms
from django.utils.translation import gettext_lazy

_CLASSES = {
    forms.Select: "fr-select",
    forms.SelectMultiple: "fr-select",
    forms.Textarea: "fr-input",
    forms.TextInput: "fr-input",
    forms.EmailInput: "fr-input",
    forms.NumberInput: "fr-input",
    forms.URLInput: "fr-input",
    forms.DateInput: "fr-input",
    forms.DateTimeInput: "fr-input",
    forms.PasswordInput: "fr-input",
    forms.ClearableFileInput: "fr-upload",
    forms.FileInput: "fr-upload",
}

# RGAA 11.13: fields asking visitors about themselves carry their HTML autocomplete token, so
# browsers and assistive tools can fill them. By field name, so that every form using the mixin
# gets them; another person's data (an employer's address) deliberately gets none.
AUTOCOMPLETE = {
    "email": "email",
    "first_name": "given-name",
    "last_name": "family-name",
    "phone": "tel",
    "position": "organization-title",
    "employer": "organization",
    "lead_name": "name",
    "lead_role": "organization-title",
    "lab_name": "organization",
}

# Widgets drawn as a group of choices: a fieldset whose errors follow the legend.
GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class DsfrFormMixin:
    """Adds the DSFR class to each widget and, after validation, links errors to fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_class, css in _CLASSES.items():
                if type(field.widget) is widget_class:
                    field.widget.attrs.setdefault("class", css)
        for name, token in AUTOCOMPLETE.items():
            if name in self.fields and not self.fields[name].widget.is_hidden:
                self.fields[name].widget.attrs.setdefault("autocomplete", token)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                # auto_id, not id_for_label: a radio group has no single label target, and the
                # error messages' id (templates/includes/field.html) is built the same way. The
                # hint keeps the id Django gives it when there is no error.
                auto_id = self[name].auto_id
                described = [f"{auto_id}-erreurs"]
                if self.fields[name].help_text and not isinstance(widget, GROUP_WIDGETS):
                    described.insert(0, f"{auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(described)
                css = widget.attrs.get("class", "")
                if "fr-input" in css and "fr-input--error" not in css:
                    widget.attrs["class"] = f"{css} fr-input--error"


class HoneypotForm(forms.Form):
    """A field people never see (templates/includes/honeypot.html): robots that fill every field
    give themselves away. `honeypot_message` says what the refused form shows."""

    website = forms.CharField(required=False, label=gettext_lazy("Ne pas remplir ce champ"))
    honeypot_message = gettext_lazy("Votre demande n'a pas pu être enregistrée.")

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(self.honeypot_message)
        return ""
