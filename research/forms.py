from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.uploads import PDF_ONLY, validate_upload
from research.models import Publication
from research.services import detect_format

MAX_IMPORT_SIZE = 5 * 1024 * 1024


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class PublicationAdminForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = "__all__"  # noqa: DJ007 (an admin form: the admin lists and orders fields)
        # The admin passes its own callback; this one only serves when the class is built.
        formfield_callback = _formfield

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and hasattr(file, "content_type"):  # a new upload, not the stored file
            validate_upload(file, allowed=PDF_ONLY)
        return file

    def save(self, commit=True):
        if self.cleaned_data.get("file") and "file" in self.changed_data:
            self.instance.file_size = self.cleaned_data["file"].size
        elif not self.cleaned_data.get("file"):
            self.instance.file_size = None
        return super().save(commit=commit)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier BibTeX (.bib) ou RIS (.ris)"),
        help_text=_(
            "Encodé en UTF-8, 5 Mo au plus. Les doublons (même DOI ou même titre) sont "
            "ignorés et signalés."
        ),
    )
    make_public = forms.BooleanField(
        label=_("Publier immédiatement les publications importées"),
        required=False,
        help_text=_("Sinon, elles restent invisibles jusqu'à leur relecture."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise ValidationError(_("Le fichier dépasse 5 Mo."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise ValidationError(_("Le fichier n'est pas un texte lisible (UTF-8).")) from exc
        file_format = detect_format(text, upload.name)
        if not file_format:
            raise ValidationError(_("Ce fichier n'est ni du BibTeX ni du RIS."))
        self.cleaned_data["text"] = text
        self.cleaned_data["file_format"] = file_format
        return upload
