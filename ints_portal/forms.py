"""Form helpers shared by every pillar: DSFR classes and accessible error wiring."""

from django import forms

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


class DsfrFormMixin:
    """Adds the DSFR class to each widget and, after validation, links errors to fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_class, css in _CLASSES.items():
                if type(field.widget) is widget_class:
                    field.widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-erreurs"
                css = widget.attrs.get("class", "")
                if "fr-input" in css and "fr-input--error" not in css:
                    widget.attrs["class"] = f"{css} fr-input--error"
