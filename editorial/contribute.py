"""What every « Proposer … » form shares, whatever the pillar that owns the model: the credit
the contributor chooses and its consent, the honeypot, drafts kept between visits (« Enregistrer
le brouillon ») or proposed to review (« Proposer à la relecture »), unique slugs, the per-client
limit, and the one view that runs them. The pillars give a ModelForm and a template."""

import re

import reversion
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import rate_limits
from core.forms import DsfrFormMixin, HoneypotForm
from editorial.models import EditorialEvent
from editorial.status import CreditAs, EditorialStatus
from editorial.workflow import TransitionNotAllowed, transition

# The states in which the contributor may still change what they gave.
EDITABLE = frozenset({EditorialStatus.DRAFT, EditorialStatus.CHANGES_REQUESTED})
# Saves and proposals of one client, all kinds together: a person writing a few proposals in an
# afternoon stays far below; a script filling the review queue does not.
CONTRIBUTION_LIMIT = {"bucket": "contributions", "limit": 30, "period_seconds": 3600}
TEAM_PREFIX = gettext_lazy("une équipe de ")
PROPOSE = "propose"


def unique_slug(model, title, *, instance=None, max_length=200):
    """A slug from `title` that no other row of `model` has: « titre », « titre-2 »… (one
    query). Kept when the title has not changed its base."""
    base = slugify(title)[:max_length].strip("-") or "contribution"
    if instance is not None and re.fullmatch(rf"{re.escape(base)}(-\d+)?", instance.slug or ""):
        return instance.slug
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=getattr(instance, "pk", None))
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ContributionForm(DsfrFormMixin, HoneypotForm, forms.ModelForm):
    """The base of each pillar's « Proposer … » ModelForm.

    Built with `complete=False` for « Enregistrer le brouillon »: the fields named in
    `needed_to_propose` may then stay empty (what the database itself needs stays required);
    with `complete=True` everything needed for review is, and `clean_proposal()` runs the
    checks across fields. Fields in `kept_when_refused` (an upload) may fail without losing
    the rest of the draft (see `save_draft_despite`).
    """

    honeypot_message = gettext_lazy("Votre contribution n'a pas pu être enregistrée.")

    needed_to_propose = ()
    kept_when_refused = ()
    # The page's groups of fields, in order: (legend, hint or "", [field names]); the credit's
    # group is the same for every kind and comes last (templates/editorial/_contribution_form.html).
    fieldsets = ()

    class Meta:
        formfield_callback = _formfield  # each kind's Meta inherits this one

    credit_as = forms.ChoiceField(
        label=gettext_lazy("Comment voulez-vous être crédité·e une fois la contribution publiée ?"),
        choices=CreditAs.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choisissez l'une des mentions proposées.")},
    )
    credit_detail = forms.CharField(
        label=gettext_lazy("Le nom, la structure ou l'équipe à afficher"),
        help_text=gettext_lazy(
            "Par exemple « Camille Martin », « CCAS de Lille » ou, pour une équipe, « la MDS de "
            "Roubaix ». Laissez vide pour une contribution anonyme."
        ),
        max_length=180,
        required=False,
        error_messages={"max_length": gettext_lazy("180 caractères au plus.")},
    )
    credit_consent = forms.BooleanField(
        label=gettext_lazy(
            "J'accepte que cette contribution soit publiée avec la mention choisie, après "
            "relecture par l'équipe éditoriale de l'institut, qui peut la corriger ou la refuser."
        ),
        required=False,
    )

    def __init__(self, *args, user, complete=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.complete = complete
        if not complete:
            for name in self.needed_to_propose:
                self.fields[name].required = False
        if self.instance.pk and self.instance.credit_as:
            self.initial.setdefault("credit_as", self.instance.credit_as)
            self.initial.setdefault("credit_detail", self._detail_of(self.instance))
            self.initial.setdefault("credit_consent", True)

    @staticmethod
    def _detail_of(instance):
        text = instance.credit_text
        if instance.credit_as == CreditAs.TEAM and text.startswith(str(TEAM_PREFIX)):
            return text[len(str(TEAM_PREFIX)) :]
        return text

    def grouped_fields(self):
        """The fieldsets as (legend, hint, [bound fields]) for the template to draw."""
        return [
            (legend, hint, [self[name] for name in names]) for legend, hint, names in self.fieldsets
        ]

    def attachment(self):
        """A file already given (see the resource's form); includes/field.html names it."""
        return None

    def clean(self):
        cleaned = super().clean()
        if self.complete:
            self._clean_credit(cleaned)
            self.clean_proposal(cleaned)
        return cleaned

    def _clean_credit(self, cleaned):
        credit_as = cleaned.get("credit_as")
        if not credit_as:
            self.add_error("credit_as", _("Choisissez comment vous voulez être crédité·e."))
        elif credit_as != CreditAs.ANONYMOUS and not cleaned.get("credit_detail"):
            if credit_as == CreditAs.NAME and self.user.get_full_name():
                cleaned["credit_detail"] = self.user.get_full_name()
            else:
                self.add_error(
                    "credit_detail",
                    _(
                        "Indiquez le nom, la structure ou l'équipe à afficher, ou choisissez une "
                        "contribution anonyme."
                    ),
                )
        if not cleaned.get("credit_consent"):
            self.add_error(
                "credit_consent",
                _(
                    "Cochez cette case pour proposer la contribution : sans votre accord, elle "
                    "ne peut pas être publiée."
                ),
            )

    def clean_proposal(self, cleaned):
        """Checks across fields before review; the pillar's form adds its own."""

    def credit_text(self):
        credit_as = self.cleaned_data.get("credit_as") or ""
        detail = (self.cleaned_data.get("credit_detail") or "").strip()
        if credit_as == CreditAs.ANONYMOUS or not detail:
            return ""
        if credit_as == CreditAs.TEAM and not detail.lower().startswith(str(TEAM_PREFIX)):
            return f"{TEAM_PREFIX}{detail}"
        return detail

    def save(self, commit=True):
        obj = super().save(commit=False)
        obj.contributor = obj.contributor or self.user
        obj.credit_as = self.cleaned_data.get("credit_as") or ""
        obj.credit_text = self.credit_text()[:200]
        obj.slug = unique_slug(type(obj), obj.title, instance=obj)
        self.before_save(obj)
        if commit:
            # One revision holding the object and its relations (editorial.revisions).
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(self.user)
                reversion.set_comment(_("Contribution enregistrée"))
                obj.save()
                self.save_m2m()
        return obj

    def before_save(self, obj):
        """What the pillar's form sets on the object from fields that are not the model's."""

    def save_draft_despite(self):
        """When only fields of `kept_when_refused` failed (an upload refused), save the rest of
        the draft and keep those errors on the form; returns the object, or None when other
        answers are to be corrected first."""
        failed = set(self.errors)
        if not failed or not failed <= set(self.kept_when_refused):
            return None
        kept = {name: self.errors.pop(name) for name in failed}
        self.complete = False
        obj = self.save()
        for name, errors in kept.items():
            self.add_error(name, errors)
        return obj


def contribution_view(form_class, *, template, url_name):
    """The view of one kind's « Proposer … » form: `url_name` without a pk starts a draft, with
    one (`pk`) reopens the signed-in contributor's own draft (another person's is a 404)."""
    model = form_class._meta.model

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk=None):
        instance = None
        if pk is not None:
            instance = get_object_or_404(model, pk=pk, contributor=request.user)
            if instance.status not in EDITABLE:
                messages.info(
                    request,
                    _("« %(title)s » n'est plus modifiable (%(state)s).")
                    % {"title": instance.title, "state": instance.get_status_display().lower()},
                )
                return redirect("editorial:my_contributions")
        if request.method == "GET":
            form = form_class(instance=instance, user=request.user)
            return _render(request, template, form, instance, url_name)
        return _post(request, form_class, instance, template, url_name)

    return view


def _render(request, template, form, instance, url_name, *, status=200):
    action = reverse(url_name, kwargs={"pk": instance.pk}) if instance and instance.pk else ""
    context = {
        "form": form,
        "contribution": instance,
        "form_action": action or reverse(url_name),
        "sent_back_message": _last_request(instance),
    }
    return render(request, template, context, status=status)


def _last_request(instance):
    """The reviewer's message when the contribution was sent back, for the contributor to read
    above the form."""
    if instance is None or instance.status != EditorialStatus.CHANGES_REQUESTED:
        return None
    return (
        EditorialEvent.objects.filter(
            content_type__app_label=instance._meta.app_label,
            content_type__model=instance._meta.model_name,
            object_id=instance.pk,
            target=EditorialStatus.CHANGES_REQUESTED,
        )
        .order_by("-at", "-pk")
        .first()
    )


def _post(request, form_class, instance, template, url_name):
    proposing = request.POST.get("intent") == PROPOSE
    if wait := rate_limits.retry_after(request, **CONTRIBUTION_LIMIT):
        return rate_limits.too_many_response(request, retry_after=wait)
    form = form_class(
        request.POST, request.FILES, instance=instance, user=request.user, complete=proposing
    )
    if not form.is_valid():
        saved = form.save_draft_despite()
        if saved is not None:
            _record(request)
            messages.warning(
                request, _("Le reste de votre brouillon est enregistré ; le fichier a été refusé.")
            )
        return _render(request, template, form, saved or instance, url_name, status=400)
    obj = form.save()
    _record(request)
    if not proposing:
        messages.success(
            request,
            _(
                "Votre brouillon est enregistré. Vous pouvez le reprendre depuis « Mes "
                "contributions »."
            ),
        )
        return redirect(reverse(url_name, kwargs={"pk": obj.pk}))
    try:
        transition(obj, "propose", by=request.user)
    except TransitionNotAllowed:
        messages.error(request, _("Cette contribution ne peut plus être proposée."))
        return redirect("editorial:my_contributions")
    messages.success(
        request,
        _("Merci ! Votre contribution « %(title)s » est proposée à la relecture.")
        % {"title": obj.title},
    )
    return redirect("editorial:my_contributions")


def _record(request):
    rate_limits.record_action(
        request=request,
        bucket=CONTRIBUTION_LIMIT["bucket"],
        period_seconds=CONTRIBUTION_LIMIT["period_seconds"],
    )
