"""Editors link records from either side in the back-office (editorial.graph).

Two inlines on each record's change form: the links it starts (a practice « Issue de » a
question) and the links it receives (the question « À l'origine de » that practice). Each row is
one field searched as you type, with Django admin's own autocomplete script (select2, a static
file: no inline script under the CSP), over the published records only, served by
LinkAdmin.search to staff who may add or change links.
"""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.admin_base import BaseAdmin
from editorial import graph
from editorial.models import Link

SEARCH_LIMIT = 10  # options per kind of link


def choices(label, *, forward):
    """The stored kinds a record of model `label` can start (forward) or receive."""
    return [k for k, is_source in graph.sides(label, stored_only=True) if is_source == forward]


def option_label(link_kind, forward, row):
    other = link_kind.end(forward)
    label = link_kind.label if forward else link_kind.inverse_label
    return f"{label} — {row} ({other.noun})"


def search_options(label, *, forward, term):
    """Select2 options ({id: "kind:pk", text}) over the published records; a query per kind."""
    options = []
    for link_kind in choices(label, forward=forward):
        rows = link_kind.end(forward).queryset()
        if term:
            match = Q()
            for field_name in link_kind.end(forward).search_fields:
                match |= Q(**{f"{field_name}__icontains": term})
            rows = rows.filter(match)
        options += [
            {"id": f"{link_kind.name}:{row.pk}", "text": option_label(link_kind, forward, row)}
            for row in rows[:SEARCH_LIMIT]
        ]
    return options


class NeighbourWidget(forms.Select):
    """A select filled as the editor types, by Django admin's autocomplete.js."""

    def __init__(self, *, label, forward):
        super().__init__()
        self.label, self.forward = label, forward

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        app_label, model_name = self.label.split(".")
        attrs.update(
            {
                "class": "admin-autocomplete",
                "data-ajax--url": reverse("admin:editorial_link_search"),
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-app-label": app_label,
                "data-model-name": model_name,
                "data-field-name": "source" if self.forward else "target",
                "data-theme": "admin-autocomplete",
                "data-allow-clear": "false",
                "data-placeholder": _("Tapez quelques lettres du titre"),
                "lang": get_language(),
            }
        )
        return attrs

    @property
    def media(self):
        i18n = f"admin/js/vendor/select2/i18n/{(get_language() or 'fr').split('-')[0]}.js"
        return forms.Media(
            js=(
                "admin/js/vendor/jquery/jquery.min.js",
                "admin/js/vendor/select2/select2.full.min.js",
                i18n,
                "admin/js/jquery.init.js",
                "admin/js/autocomplete.js",
            ),
            css={
                "screen": (
                    "admin/css/vendor/select2/select2.min.css",
                    "admin/css/autocomplete.css",
                )
            },
        )


class LinkForm(forms.ModelForm):
    """One link seen from the record being edited: which other record, by which kind."""

    label = ""  # the edited record's model, set by the inline
    forward = True  # the edited record is the link's source

    neighbour = forms.CharField(label=_lazy("Fiche liée"))

    class Meta:
        model = Link
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = NeighbourWidget(label=self.label, forward=self.forward)
        widget.choices = [("", "---------")]
        if self.instance.pk:
            link_kind = graph.kind(self.instance.kind)
            other = self.instance.target if self.forward else self.instance.source
            value = f"{link_kind.name}:{other.pk}"
            widget.choices.append((value, option_label(link_kind, self.forward, other)))
            self.initial["neighbour"] = value
        self.fields["neighbour"].widget = widget

    def clean_neighbour(self):
        name, _sep, pk = self.cleaned_data["neighbour"].partition(":")
        kinds = {k.name: k for k in choices(self.label, forward=self.forward)}
        if name not in kinds or not pk.isdigit():
            raise forms.ValidationError(_("Choisissez une fiche dans la liste proposée."))
        other = kinds[name].end(self.forward).queryset().filter(pk=pk).first()
        if other is None:
            raise forms.ValidationError(
                _("Cette fiche n'est pas publiée : seules les fiches publiées peuvent être liées.")
            )
        self.link_kind, self.other = kinds[name], other
        return self.cleaned_data["neighbour"]

    def save(self, commit=True):
        link = self.instance
        link.kind = self.link_kind.name
        other_type = graph.content_type(self.other)
        if self.forward:
            link.target_type, link.target_id = other_type, self.other.pk
        else:
            link.source_type, link.source_id = other_type, self.other.pk
        return super().save(commit)


class LinkFormSet(GenericTabularInline.formset):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "other") or self._should_delete_form(form):
                continue
            key = (form.link_kind.name, form.other.pk)
            ends = {"target_id" if form.forward else "source_id": form.other.pk}
            ends["source_id" if form.forward else "target_id"] = self.instance.pk
            duplicate = (
                Link.objects.filter(kind=form.link_kind.name, **ends)
                .exclude(pk=form.instance.pk)
                .exists()
            )
            if key in seen or duplicate:
                form.add_error("neighbour", _("Ce lien existe déjà."))
            seen.add(key)


class _LinkInline(GenericTabularInline):
    model = Link
    form = LinkForm
    formset = LinkFormSet
    extra = 1
    forward = True

    def __init__(self, parent_model, admin_site):
        super().__init__(parent_model, admin_site)
        self.label = parent_model._meta.label_lower
        labels = sorted({str(k.label if self.forward else k.inverse_label) for k in self._kinds()})
        self.verbose_name = _lazy("lien")
        self.verbose_name_plural = (
            _("Liens de cette fiche : %s") if self.forward else _("Liens vers cette fiche : %s")
        ) % ", ".join(f"« {label} »" for label in labels)

    def _kinds(self):
        return choices(self.label, forward=self.forward)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type(
            "LinkForm", (LinkForm,), {"label": self.label, "forward": self.forward}
        )
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=[k.name for k in self._kinds()])

    def _applies(self):
        return bool(self._kinds())

    def has_view_permission(self, request, obj=None):
        return self._applies() and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._applies() and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._applies() and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._applies() and super().has_delete_permission(request, obj)


class LinkInline(_LinkInline):
    """The links this record starts."""

    ct_field, ct_fk_field = "source_type", "source_id"
    forward = True


class InverseLinkInline(_LinkInline):
    """The links this record receives."""

    ct_field, ct_fk_field = "target_type", "target_id"
    forward = False


LINK_INLINES = [LinkInline, InverseLinkInline]


@admin.register(Link)
class LinkAdmin(BaseAdmin):
    """Every link in one list, for a look across the graph; links are made from the records'
    own forms (LINK_INLINES)."""

    list_display = ("kind_label", "source", "target", "created_at")
    list_filter = ("kind",)
    readonly_fields = ("kind", "source_type", "source_id", "target_type", "target_id")

    @admin.display(description=_lazy("type de lien"))
    def kind_label(self, link):
        link_kind = graph.kind(link.kind)
        return f"{link_kind.label} / {link_kind.inverse_label}"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("source", "target")

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        search = self.admin_site.admin_view(self.search)
        return [path("recherche/", search, name="editorial_link_search"), *super().get_urls()]

    def search(self, request):
        """Published records an editor may link to, as select2 options."""
        user = request.user
        if not (user.has_perm("editorial.add_link") or user.has_perm("editorial.change_link")):
            raise PermissionDenied
        label = f"{request.GET.get('app_label', '')}.{request.GET.get('model_name', '')}"
        side = request.GET.get("field_name")
        if graph.node(label) is None or side not in ("source", "target"):
            return JsonResponse({"results": [], "pagination": {"more": False}}, status=400)
        term = request.GET.get("term", "").strip()[:100]
        results = search_options(label, forward=side == "source", term=term)
        return JsonResponse({"results": results, "pagination": {"more": False}})
