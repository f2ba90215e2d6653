"""The rules of a selection — criteria and their weights, blind review, dates, quotas — of an
edition of the cycle or of a call for projects, declared once for both pillars.

* Only the pillar's secretariat changes them: it holds the `change_selection_rules` permission
  declared on the edition and the call (core/roles.py names it); a curator, who edits the
  public side of the same page, sees them read-only.
* Once the first review of the selection is assigned, nobody changes them on the ordinary page:
  « Modifier les règles » (`change_rules`) does, with a reason; it writes a `RulesChange` row
  (who, when, why, what), recomputes the weighted scores already given, and emails each
  committee member who holds a review in this selection.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import RulesChange
from core.emails import send_templated_email
from core.roles import RULES_PERMISSION


def may_change_rules(user, parent_model):
    """`user` belongs to the secretariat of the pillar of `parent_model` (or is a superuser)."""
    return user.has_perm(f"{parent_model._meta.app_label}.{RULES_PERMISSION}")


def rules_locked(parent):
    """The first review of the selection is assigned: its rules change only explicitly."""
    return (
        parent is not None
        and parent.pk
        and parent.applications.filter(reviews__isnull=False).exists()
    )


def _display(value):
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M" if hasattr(value, "hour") else "%d/%m/%Y")
    return str(value).replace(".", ",") if not isinstance(value, str) else value


def _lower_first(text):
    return text[:1].lower() + text[1:]


def describe_changes(form, formsets):
    """[French line] for each changed field of the parent and each changed row."""
    lines = []
    for name in form.changed_data:
        field = form.fields[name]
        lines.append(
            _("%(label)s : %(old)s → %(new)s")
            % {
                "label": field.label,
                "old": _display(form.initial.get(name)),
                "new": _display(form.cleaned_data.get(name)),
            }
        )
    for formset in formsets:
        for row in formset.forms:
            if not row.has_changed():
                continue
            if row in formset.deleted_forms:
                lines.append(_("supprimé : %(row)s") % {"row": row.instance})
                continue
            if row.instance.pk is None:
                lines.append(_("ajouté : %(row)s") % {"row": row.cleaned_data.get("name", "")})
                continue
            for name in row.changed_data:
                lines.append(
                    _("%(row)s, %(label)s : %(old)s → %(new)s")
                    % {
                        "row": row.instance,
                        "label": _lower_first(str(row.fields[name].label)),
                        "old": _display(row.initial.get(name)),
                        "new": _display(row.cleaned_data.get(name)),
                    }
                )
    return lines


def change_rules(*, parent, by, reason, changes, review_model, criteria, title):
    """Record a change of `parent`'s rules (already saved by the caller, in the same
    transaction) and tell its committee.

    Side effects: recomputes and saves (`update_fields`) the weighted score of every review of
    the selection already scored, writes one RulesChange row, and queues one email per
    committee member holding a review in this selection (core.emails)."""
    criteria = list(criteria)
    reviews = review_model.objects.filter(application__parent=parent)
    for review in reviews.exclude(scored_at=None):
        score = review.weighted_score(criteria)
        if score != review.score:
            review.score = score
            review.save(update_fields=["score"])
    event = RulesChange.objects.create(
        content_type=ContentType.objects.get_for_model(type(parent)),
        object_id=parent.pk,
        by=by,
        at=timezone.now(),
        reason=reason,
        changes="\n".join(changes),
    )
    members = (
        get_user_model()
        .objects.filter(pk__in=reviews.values("reviewer_id"), is_active=True)
        .exclude(email="")
    )
    for member in members.order_by("pk"):
        send_templated_email(
            to=member.email,
            template_prefix="applications/email/rules_changed",
            context={
                "title": title,
                "changes": changes,
                "reason": reason,
                "at": event.at,
                "by_name": by.get_full_name() or by.username,
            },
        )
    return event


class RulesChangeInline(GenericTabularInline):
    """The record of every rules change of a selection, read-only."""

    model = RulesChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "by_name", "reason", "changes")
    verbose_name = gettext_lazy("modification des règles")
    verbose_name_plural = gettext_lazy("modifications des règles")

    @admin.display(description=gettext_lazy("par"))
    def by_name(self, obj):
        return obj.by.get_full_name() or obj.by.username

    def has_view_permission(self, request, obj=None):
        return may_change_rules(request.user, self.parent_model)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class RuleInlineMixin:
    """An inline that is part of the rules (criteria, quotas): editable by the secretariat
    until the first review is assigned, read-only otherwise."""

    def _open(self, request, obj):
        return may_change_rules(request.user, self.parent_model) and not rules_locked(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._open(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._open(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._open(request, obj)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif de la modification"),
        help_text=gettext_lazy(
            "Il est enregistré avec la modification et envoyé aux membres du comité."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Indiquez le motif de la modification.")},
    )


class SelectionRulesAdminMixin:
    """For the edition's and the call's admin: `rule_fields` of the parent and the rule
    formsets (`rule_formsets`: [(prefix, model, fields, extra, can_delete)])."""

    rule_fields = ()
    rule_formsets = ()
    review_model = None
    change_form_template = "admin/applications/rules_change_form.html"

    def rules_title(self, parent):
        return str(parent)

    def has_add_permission(self, request):
        """A new edition or call comes with its rules: the secretariat creates it."""
        return super().has_add_permission(request) and may_change_rules(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_change_rules(request.user, self.model) or rules_locked(obj):
            fields += [name for name in self.rule_fields if name not in fields]
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        context = {**(extra_context or {})}
        if obj is not None and may_change_rules(request.user, self.model):
            context["rules_locked"] = rules_locked(obj)
            context["rules_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_rules", args=[obj.pk]
            )
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/regles/",
                self.admin_site.admin_view(self.rules_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_rules",
            ),
            *super().get_urls(),
        ]

    def _rule_forms(self, request, parent):
        data = request.POST if request.method == "POST" else None
        form = forms.modelform_factory(self.model, fields=self.rule_fields)(data, instance=parent)
        formsets = [
            forms.inlineformset_factory(
                self.model,
                model,
                fields=fields,
                extra=extra,
                can_delete=can_delete,
                widgets={
                    name: forms.Textarea(attrs={"rows": 2, "cols": 40})
                    for name in fields
                    if isinstance(model._meta.get_field(name), models.TextField)
                },
            )(data, instance=parent, prefix=prefix)
            for prefix, model, fields, extra, can_delete in self.rule_formsets
        ]
        return form, formsets, ReasonForm(data)

    def rules_view(self, request, pk):
        """« Modifier les règles »: the rules, a reason, and the committee told."""
        if not may_change_rules(request.user, self.model):
            raise Http404
        parent = get_object_or_404(self.model, pk=pk)
        form, formsets, reason = self._rule_forms(request, parent)
        valid = request.method == "POST" and all(
            [form.is_valid(), reason.is_valid(), *[f.is_valid() for f in formsets]]
        )
        if valid:
            changes = describe_changes(form, formsets)
            if not changes:
                messages.warning(request, _("Aucune règle n'a changé : rien n'est enregistré."))
            else:
                with transaction.atomic():
                    parent = form.save()
                    for formset in formsets:
                        formset.save()
                    change_rules(
                        parent=parent,
                        by=request.user,
                        reason=reason.cleaned_data["reason"],
                        changes=changes,
                        review_model=self.review_model,
                        criteria=parent.criteria.all(),
                        title=self.rules_title(parent),
                    )
                messages.success(
                    request,
                    _("Règles modifiées ; les membres du comité en sont informés par e-mail."),
                )
                return redirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[parent.pk],
                    )
                )
        return TemplateResponse(
            request,
            "admin/applications/rules.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Modifier les règles de la sélection"),
                "subtitle": str(parent),
                "parent": parent,
                "form": form,
                "formsets": [(f.model._meta.verbose_name_plural, f) for f in formsets],
                "reason_form": reason,
                "opts": self.opts,
                "locked": rules_locked(parent),
            },
        )
