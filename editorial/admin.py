"""The back office of the editorial workflow: every publishable model's admin goes through
`transition()` (buttons on the change form, bulk actions derived from MOVES), keeps and
compares revisions (django-reversion-compare), and the moderation queue lists what waits."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from core.admin_base import BaseAdmin
from editorial import registry, revisions, workflow
from editorial.models import EditorialEvent
from editorial.notifications import WAITING

LATE_AFTER = datetime.timedelta(days=10)


class EditorialActionForm(helpers.ActionForm):
    """The change list's action bar, with the message that sending back or refusing needs."""

    message = forms.CharField(
        label=_lazy("Message (pour renvoyer ou refuser)"),
        required=False,
        max_length=2000,
    )


def staff_may(user, move):
    """Whether `user` holds one of the permissions that allow `move` (the back office never
    acts as an object's contributor)."""
    return any(who != workflow.CONTRIBUTOR and user.has_perm(who) for who in move.by)


def _bulk_action(move):
    def action(model_admin, request, queryset):
        message = request.POST.get("message", "")
        if move.needs_message and not message.strip():
            model_admin.message_user(
                request,
                _("« %(move)s » demande un message : écrivez-le dans le champ « Message ».")
                % {"move": move.label},
                messages.ERROR,
            )
            return
        done = refused = 0
        for obj in queryset:
            try:
                workflow.transition(obj, move.name, by=request.user, message=message)
            except workflow.TransitionNotAllowed:
                refused += 1
            else:
                done += 1
                model_admin.log_change(request, obj, str(move.label))
        model_admin.message_user(
            request,
            ngettext(
                "%(move)s : %(done)s élément traité",
                "%(move)s : %(done)s éléments traités",
                done,
            )
            % {"move": move.label, "done": done}
            + (
                ngettext(
                    " ; %(refused)s laissé tel quel (état ou droits)",
                    " ; %(refused)s laissés tels quels (état ou droits)",
                    refused,
                )
                % {"refused": refused}
                if refused
                else ""
            )
            + ".",
            messages.SUCCESS if done else messages.WARNING,
        )

    action.__name__ = move.name
    return action


class RevisionsAdmin(CompareVersionAdmin, BaseAdmin):
    """Revisions of every save, their history, a side-by-side comparison of two of them
    (django-reversion-compare) and « restaurer » (editorial.revisions.restore)."""

    change_list_template = None  # the app's own, not reversion's « recover deleted » list
    revision_form_template = "admin/editorial/restore.html"
    history_latest_first = True
    revision_follow = ()  # accessor names of related models kept in each revision

    def reversion_register(self, model, **kwargs):
        if model is self.model:
            registry.register_revisions(model, follow=tuple(self.revision_follow))
        elif any(
            rel.get_accessor_name() in self.revision_follow and rel.related_model is model
            for rel in self.model._meta.related_objects
        ):
            registry.register_revisions(model)

    def compare_view(self, request, object_id, extra_context=None):
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One old version, read-only, and « Restaurer cette version » (POST)."""
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )
        may_restore = self.has_change_permission(request, obj)
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied
            revisions.restore(obj=obj, version=version, by=request.user)
            self.log_change(request, obj, _("Version restaurée"))
            self.message_user(request, _("La version a été restaurée."), messages.SUCCESS)
            return HttpResponseRedirect(self._url("change", obj.pk))
        rows = []
        values = version.field_dict
        for field in self.model._meta.concrete_fields:
            if field.attname in values and field.name not in revisions.KEPT_ON_RESTORE:
                rows.append((field.verbose_name, values[field.attname]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "version": version,
            "rows": rows,
            "may_restore": may_restore,
            "title": _("Version du %(date)s")
            % {
                "date": timezone.localtime(version.revision.date_created).strftime("%d/%m/%Y %H:%M")
            },
            "history_url": self._url("history", obj.pk),
        }
        return TemplateResponse(request, self.revision_form_template, context)

    def recover_view(self, request, version_id, extra_context=None):
        # A deleted object comes back through a staff creation, not an old state.
        raise Http404

    def recoverlist_view(self, request, extra_context=None):
        raise Http404

    def _url(self, view, pk):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=[pk])


class PublishableAdmin(RevisionsAdmin):
    """Base admin of every editorial.registry model: state read-only, moves as buttons and bulk
    actions (one per MOVES entry), the move log, and the revisions of RevisionsAdmin."""

    action_form = EditorialActionForm
    change_form_template = "admin/editorial/change_form.html"
    editorial_readonly = ["status", "contributor", "submitted_at", "editorial_history"]

    # The state and its moves ------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.editorial_readonly]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {f for _name, opts in fieldsets for f in opts["fields"]}
        missing = [f for f in self.editorial_readonly if f not in names]
        if missing:
            fieldsets = [*fieldsets, (_("Circuit éditorial"), {"fields": missing})]
        return fieldsets

    @admin.display(description=_lazy("historique éditorial"))
    def editorial_history(self, obj):
        if not obj or not obj.pk:
            return "—"
        events = EditorialEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).select_related("by")
        if not events:
            return _("Aucun changement d'état pour l'instant.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} → {}{}{}</li>",
                (
                    (
                        timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M"),
                        e.get_source_display(),
                        e.get_target_display(),
                        f" ({e.by})" if e.by else "",
                        f" : « {e.message} »" if e.message else "",
                    )
                    for e in events
                ),
            ),
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        for move in workflow.MOVES:
            if staff_may(request.user, move):
                actions[move.name] = (_bulk_action(move), move.name, move.label)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["editorial_moves"] = [
                move
                for move in workflow.available_moves(obj, request.user)
                if staff_may(request.user, move)
            ]
            context["editorial_move_url"] = self._url("move", obj.pk)
            context["editorial_needs_message"] = any(
                m.needs_message for m in context["editorial_moves"]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def move_view(self, request, object_id):
        """POST from the change form's buttons: one move through transition()."""
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        if request.method != "POST" or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        move = workflow.MOVES_BY_NAME.get(request.POST.get("move", ""))
        if move is None or not staff_may(request.user, move):
            raise PermissionDenied
        message = request.POST.get("message", "")
        try:
            workflow.transition(obj, move.name, by=request.user, message=message)
        except workflow.TransitionNotAllowed:
            if move.needs_message and not message.strip():
                text = _("« %(move)s » demande un message pour l'auteur.") % {"move": move.label}
            else:
                text = _("« %(move)s » n'est pas possible depuis l'état « %(state)s ».") % {
                    "move": move.label,
                    "state": obj.get_status_display(),
                }
            self.message_user(request, text, messages.ERROR)
        else:
            self.log_change(request, obj, str(move.label))
            self.message_user(
                request,
                _("%(move)s : c'est fait (état : %(state)s).")
                % {"move": move.label, "state": obj.get_status_display()},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._url("change", obj.pk))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/etat/",
                self.admin_site.admin_view(self.move_view),
                name=f"{info[0]}_{info[1]}_move",
            ),
            *super().get_urls(),
        ]


# The moderation queue ----------------------------------------------------------------------

AGES = {
    "recent": (
        _lazy("Moins de 3 jours"),
        lambda now: Q(submitted_at__gte=now - datetime.timedelta(days=3)),
    ),
    "late": (
        _lazy("Plus de 10 jours (en retard)"),
        lambda now: Q(submitted_at__lt=now - LATE_AFTER),
    ),
}


def moderation_items(*, kind_key="", territory=None, age="", now=None):
    """What waits for an editor across every registered kind, oldest first:
    [(kind, obj, days waiting, late)]. One query per kind, whatever the number of items."""
    now = now or timezone.now()
    items = []
    for kind in registry.kinds():
        if kind_key and kind.key != kind_key:
            continue
        queryset = kind.model._default_manager.filter(status__in=WAITING).select_related(
            "contributor"
        )
        if territory is not None:
            if not kind.territory_path:
                continue
            path_ = kind.territory_path
            queryset = queryset.filter(
                Q(**{path_: territory}) | Q(**{f"{path_}__parent": territory})
            ).distinct()
        if age in AGES:
            queryset = queryset.filter(AGES[age][1](now))
        for obj in queryset.order_by("submitted_at", "pk")[:500]:
            waited = now - obj.submitted_at if obj.submitted_at else datetime.timedelta(0)
            items.append((kind, obj, waited.days, waited > LATE_AFTER))
    items.sort(key=lambda item: -item[2])
    return items


@admin.register(EditorialEvent)
class EditorialEventAdmin(BaseAdmin):
    """The log of every move (read-only) and, beside it, the moderation queue."""

    list_display = ["at", "content_type", "object_id", "source", "target", "by", "message"]
    list_filter = ["target", "content_type"]
    list_select_related = ["content_type", "by"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def can_read_selection(self, request):
        user = request.user
        return user.has_perm(workflow.REVIEW) or user.has_perm(workflow.PUBLISH)

    def selection_links(self):
        return [(_("File de modération"), reverse("admin:editorial_moderation"))]

    def get_urls(self):
        return [
            path(
                "file-de-moderation/",
                self.admin_site.admin_view(self.moderation_view),
                name="editorial_moderation",
            ),
            *super().get_urls(),
        ]

    def moderation_view(self, request):
        if not self.can_read_selection(request):
            raise PermissionDenied
        kinds = registry.kinds()
        kind_key = request.GET.get("type", "")
        if kind_key not in {k.key for k in kinds}:
            kind_key = ""
        territory_model = next((k.territory_model for k in kinds if k.territory_path), None)
        territories = list(territory_model.objects.order_by("name")) if territory_model else []
        territory = None
        if request.GET.get("territoire", "").isdigit():
            territory = next(
                (t for t in territories if t.pk == int(request.GET["territoire"])), None
            )
        age = request.GET.get("age", "")
        if age not in AGES:
            age = ""
        items = moderation_items(kind_key=kind_key, territory=territory, age=age)
        rows = [
            {
                "kind": kind.label,
                "obj": obj,
                "url": reverse(
                    f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
                ),
                "days": days,
                "late": late,
            }
            for kind, obj, days, late in items
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("File de modération"),
            "rows": rows,
            "late_count": sum(1 for row in rows if row["late"]),
            "kinds": [(k.key, k.model._meta.verbose_name_plural) for k in kinds],
            "territories": territories,
            "ages": [(key, label) for key, (label, _q) in AGES.items()],
            "selected": {
                "type": kind_key,
                "territoire": territory.pk if territory else "",
                "age": age,
            },
        }
        return TemplateResponse(request, "admin/editorial/moderation.html", context)


# The typed links between records (editorial.graph) have their admin and search there.
from editorial import graph_admin  # noqa: E402,F401
