"""A multi-step application form whose answers survive every error.

Each step is a plain Django form. What the applicant types is stored raw in `application.data`
at every POST, valid or not, so a validation error never loses text; uploaded files are checked
(type by content, size) and stored as soon as they are valid, whatever the other fields say.
Submitting re-validates every step against the stored answers, under a row lock, once."""

import logging
from dataclasses import dataclass, field
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import ApplicationStatus
from applications.workflow import transition
from core.forms import DsfrFormMixin
from core.storage import STORAGE_ERRORS
from core.typography import french_date
from core.uploads import PDF_ONLY, validate_upload

logger = logging.getLogger(__name__)

STORAGE_DOWN_MESSAGE = gettext_lazy(
    "Le document n'a pas pu être enregistré : le stockage des fichiers est momentanément "
    "indisponible. Vos réponses sont conservées ; déposez de nouveau le document dans "
    "quelques minutes."
)


class StepForm(DsfrFormMixin, forms.Form):
    """A step of an application form; knows its application (for choices that depend on it)."""

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


class PdfField(forms.FileField):
    """A PDF upload checked by content and size; optional in the form, required at submission
    through the step's `required_files`."""

    widget = forms.ClearableFileInput

    def __init__(self, *args, max_mb=5, **kwargs):
        self.max_bytes = max_mb * 1024 * 1024
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Format PDF, %(mb)s Mo au maximum.") % {"mb": max_mb},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data and hasattr(data, "size"):
            data.ints_mime = validate_upload(data, allowed=PDF_ONLY, max_size=self.max_bytes)
        return data


@dataclass
class Step:
    slug: str
    title: str
    form_class: type
    required_files: tuple = field(default_factory=tuple)


class Flow:
    """The steps of one kind of application and how to store, check and submit them."""

    def __init__(self, steps, *, attachment_model):
        self.steps = steps
        self.attachment_model = attachment_model

    def step(self, slug):
        for step in self.steps:
            if step.slug == slug:
                return step
        return None

    def next_step(self, step):
        index = self.steps.index(step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def previous_step(self, step):
        index = self.steps.index(step)
        return self.steps[index - 1] if index else None

    # What the applicant typed -------------------------------------------------------------

    @staticmethod
    def _stored(application, form_class):
        data = QueryDict(mutable=True)
        for name, bound_field in form_class.base_fields.items():
            if isinstance(bound_field, forms.FileField) or name not in application.data:
                continue
            value = application.data[name]
            if isinstance(value, list):
                data.setlist(name, value)
            else:
                data[name] = value
        return data

    def attachments(self, application):
        return {a.slot: a for a in self.attachment_model.objects.filter(application=application)}

    def form(self, application, step, **kwargs):
        """The step's form, bound to the stored answers when there are any."""
        stored = self._stored(application, step.form_class)
        has_answers = any(name in application.data for name in step.form_class.base_fields)
        return step.form_class(stored if has_answers else None, application=application, **kwargs)

    def save_step(self, application, step, post, files):
        """Store the raw answers of `post` and every valid upload; return the bound form,
        whose errors the page shows. Nothing already saved is lost."""
        form = step.form_class(post, files, application=application)
        valid = form.is_valid()
        data = dict(application.data)
        for name, form_field in form.fields.items():
            if isinstance(form_field, forms.FileField):
                continue
            # PostgreSQL refuses NUL characters in text and JSON: they never mean anything.
            if isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                data[name] = [v.replace("\x00", "")[:500] for v in post.getlist(name)[:50]]
            elif isinstance(form_field, forms.BooleanField):
                data[name] = "on" if post.get(name) else ""
            else:
                data[name] = post.get(name, "").replace("\x00", "")[:20000]
        application.data = data
        application.save(update_fields=["data", "updated_at"])
        for name, form_field in form.fields.items():
            if not isinstance(form_field, forms.FileField):
                continue
            upload = files.get(name)
            if upload is None or name in form.errors:
                continue
            if not self._store_file(application, name, upload):
                form.add_error(name, STORAGE_DOWN_MESSAGE)
                valid = False
        return form, valid

    def _store_file(self, application, slot, upload):
        """Write the checked upload to the storage, then let its row replace the slot's previous
        one; the previous file is deleted once that commits. False, with nothing changed, when
        the storage cannot be written (the bucket is down): the previous document stays."""
        mime = getattr(upload, "ints_mime", None) or validate_upload(upload, allowed=PDF_ONLY)
        attachment = self.attachment_model(
            application=application, slot=slot, mime=mime, size=upload.size
        )
        try:
            attachment.file.save(upload.name, upload, save=False)
        except STORAGE_ERRORS:
            logger.exception("Upload of %s for application %s not stored", slot, application.pk)
            return False
        previous = list(self.attachment_model.objects.filter(application=application, slot=slot))
        self.attachment_model.objects.filter(pk__in=[old.pk for old in previous]).delete()
        attachment.save()
        for old in previous:
            transaction.on_commit(partial(old.file.storage.delete, old.file.name), robust=True)
        return True

    # Submission ----------------------------------------------------------------------------

    def problems(self, application):
        """[(step, [messages])] for every step that would not pass; empty when complete."""
        attachments = self.attachments(application)
        problems = []
        for step in self.steps:
            form = step.form_class(
                self._stored(application, step.form_class), application=application
            )
            messages = []
            if not form.is_valid():
                for name, errors in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    messages += [f"{label} : {error}" if label else error for error in errors]
            for slot in step.required_files:
                # ("slot", "other_field"): the file may be replaced by an answer to other_field
                slot, waiver = slot if isinstance(slot, tuple) else (slot, None)
                if slot not in attachments and not (waiver and application.data.get(waiver)):
                    label = step.form_class.base_fields[slot].label
                    messages.append(_("%(label)s : le document est manquant.") % {"label": label})
            if messages:
                problems.append((step, messages))
        return problems

    def cleaned(self, application):
        values = {}
        for step in self.steps:
            form = step.form_class(
                self._stored(application, step.form_class), application=application
            )
            form.is_valid()
            values.update(
                {
                    k: v
                    for k, v in form.cleaned_data.items()
                    if not isinstance(form.fields[k], forms.FileField)
                }
            )
        return values

    def submit(self, application, *, parent, closes_at, now=None):
        """Validate everything and give the application its reference, once.

        Runs under a lock on the application row (a double click or two browsers submit
        once) and on the parent row (reference numbers are consecutive and unique). The
        server's clock decides whether the window is still open."""
        now = now or timezone.now()
        model = type(application)
        with transaction.atomic():
            parent = type(parent).objects.select_for_update().get(pk=parent.pk)
            locked = model.objects.select_for_update().get(pk=application.pk)
            if locked.status != ApplicationStatus.DRAFT:
                return locked, False
            if now >= closes_at:
                raise ValidationError(
                    _(
                        "L'appel à candidatures est clos depuis le %(date)s : la candidature "
                        "n'a pas pu être déposée. Votre brouillon est conservé."
                    )
                    % {"date": french_date(timezone.localtime(closes_at), "j F Y à H\\hi")},
                    code="closed",
                )
            problems = self.problems(locked)
            if problems:
                raise ValidationError(_("La candidature est incomplète."), code="incomplete")
            for name, value in self.cleaned(locked).items():
                if any(f.name == name and f.concrete for f in model._meta.get_fields()):
                    setattr(locked, name, value)
            last = (
                model.objects.filter(parent=parent)
                .exclude(sequence=None)
                .order_by("-sequence")
                .values_list("sequence", flat=True)
                .first()
            )
            locked.sequence = (last or 0) + 1
            locked.reference = (
                f"{model.REFERENCE_PREFIX}-{parent.reference_year}-{locked.sequence:04d}"
            )
            locked.submitted_at = now
            locked.save()
            transition(application=locked, to=ApplicationStatus.SUBMITTED, by=None)
        return locked, True
