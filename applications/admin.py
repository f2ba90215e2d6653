"""Back-office of the application-and-review workflow, shared by calls and the cycle.

* The secretariat (and superusers) see applications, assign reviewers, move statuses, send the
  decision emails written in editable templates and export lists as CSV.
* A committee member sees only their own reviews (review_admin.py): they declare a conflict of
  interest (or its absence) before anything of the application is shown, then score it on the
  weighted criteria; in a blind phase names and employers stay hidden. The ranking view shows
  averages, equal ones ex aequo.
* Statuses move only through workflow.transition(); the history is a read-only inline.
* Every opening of an application or of one of its files is logged (ApplicationAccess)."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from applications import decisions
from applications.models import ApplicationAccess, ApplicationEvent, ApplicationStatus
from applications.workflow import STAFF_ACTIONS, TransitionNotAllowed, transition
from core import csv_safe
from core.admin_base import BaseAdmin
from core.models import OutboxMessage
from core.storage import stored_file_response


def log_access(request, application, action):
    ApplicationAccess.objects.create(
        user=request.user,
        action=action,
        object_id=application.pk,
        content_type=ContentType.objects.get_for_model(type(application)),
    )


def has_model_perm(user, model, action):
    """`user` holds Django's `<action>_<model>` permission (superusers hold them all)."""
    return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


def committee_members(roles):
    """The members of a pillar's committee, by name: the only people a review goes to."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.committee, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def answers_table(portal, application, *, blind=False, file_url=None):
    """The applicant's answers as an HTML definition list (identity hidden when blind);
    documents are links when `file_url(attachment)` is given."""
    hidden = set(portal.identity_fields) if blind else set()
    files = {a.slot: a for a in application.attachments.all()} if file_url else {}
    parts = []
    for step, items in portal.answers_with_names(application):
        rows = [
            (
                label,
                format_html('<a href="{}">{}</a>', file_url(files[name]), _("télécharger"))
                if name in files
                else value,
            )
            for name, label, value in items
            if name not in hidden
        ]
        if not rows:
            continue
        parts.append(
            format_html(
                "<h3>{}</h3><dl class='ints-answers'>{}</dl>",
                step.title,
                format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
            )
        )
    if blind:
        parts.append(
            format_html(
                "<p><em>{}</em></p>",
                _("Phase anonyme : le nom, les coordonnées et l'employeur sont masqués."),
            )
        )
    return format_html_join("", "{}", ((part,) for part in parts))


class EventInline(GenericTabularInline):
    """The application's history: every move of the workflow, read-only."""

    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "source", "target", "by_name", "note")
    verbose_name = gettext_lazy("changement de statut")
    verbose_name_plural = gettext_lazy("historique")

    @admin.display(description=gettext_lazy("par"))
    def by_name(self, obj):
        return (
            (obj.by.get_full_name() or obj.by.username)
            if obj.by
            else _("le candidat ou le portail")
        )

    def has_view_permission(self, request, obj=None):
        return has_model_perm(request.user, self.parent_model, "view")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class AssignForm(forms.Form):
    """The bulk assignment: the committee members who will review the selected applications."""

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"] = MembersChoiceField(
            label=_("Membres du comité"),
            queryset=committee_members(roles),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choisissez au moins un membre du comité.")},
        )


class RegionListFilter(admin.RelatedFieldListFilter):
    """« Par région »: the régions alone (an application's region is a région), not every
    territory of the vocabulary."""

    def field_choices(self, field, request, model_admin):
        return [
            (territory.pk, territory.name)
            for territory in field.related_model.objects.regions().order_by("name")
        ]


def move_action(status, description):
    """The list action `mark_<status>` that moves the selected applications to `status`
    (one per entry of workflow.STAFF_ACTIONS: a new status needs no code here)."""

    def action(modeladmin, request, queryset):
        modeladmin._move(request, queryset, status)

    action.__name__ = action.__qualname__ = f"mark_{status.value}"
    return admin.action(description=description)(action)


class ApplicationAdminBase(BaseAdmin):
    """Access is Django's model permissions: the pillar's secretariat holds view/change on
    its applications (granted by the pillar's migration); nobody else does."""

    portal = None  # the pillar's ApplicationPortal
    roles = None  # core.roles.SelectionRoles of the pillar
    review_model = None
    summary_columns = ()
    change_list_template = "admin/applications/change_list.html"
    list_filter = ("status",)
    search_fields = ("reference", "email")
    readonly_fields = (
        "reference",
        "status",
        "submitted_at",
        "status_changed_at",
        "decision_sent_at",
        "answers",
        "files",
    )
    actions = [
        *(move_action(status, label) for status, label in STAFF_ACTIONS.items()),
        "assign_reviewers",
        "send_decision",
        "export_csv",
    ]

    # --- access -------------------------------------------------------------------------
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=ApplicationStatus.DRAFT)
            .annotate(
                average=Avg("reviews__score", filter=Q(reviews__has_conflict=False)),
                review_count=Count("reviews__score"),
            )
        )

    # The list shows what the secretariat sorts by (it fits 1280 px); the other summary
    # columns are in the detail and the CSV export.
    name_column = None  # the pillar's @admin.display of the applicant's or project's name

    def get_list_display(self, request):
        return ("reference", self.name_column, "status", "average_display", "review_count")

    @admin.display(description=gettext_lazy("moyenne /20"), ordering="average")
    def average_display(self, obj):
        return "—" if obj.average is None else f"{obj.average:.2f}".replace(".", ",")

    @admin.display(description=gettext_lazy("évaluations"), ordering="review_count")
    def review_count(self, obj):
        return obj.review_count

    @admin.display(description=gettext_lazy("réponses"))
    def answers(self, obj):
        return answers_table(self.portal, obj) if obj and obj.pk else ""

    @admin.display(description=gettext_lazy("documents"))
    def files(self, obj):
        if not obj or not obj.pk:
            return ""
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                ((self.url("file", obj.pk, a.pk), a.slot) for a in obj.attachments.all()),
            )
            or "—"
        )

    def url(self, name, *args):
        info = self.model._meta.app_label, self.model._meta.model_name
        return reverse(f"admin:{info[0]}_{info[1]}_{name}", args=args)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "selection_links": self.selection_links()}
        return super().changelist_view(request, extra_context)

    def selection_links(self):
        """[(label, url)] of the pillar's selection pages, linked from the list and the index."""
        # Short labels: beside the list's title, the three must fit one line at 1280 px.
        return [
            (_("Classement"), self.url("ranking")),
            (_("Courriels envoyés"), self.url("outbox")),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            log_access(request, obj, "consultation")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:pk>/fichiers/<int:attachment_id>/",
                self.admin_site.admin_view(self.file_view),
                name=f"{info[0]}_{info[1]}_file",
            ),
            path(
                "classement/",
                self.admin_site.admin_view(self.ranking_view),
                name=f"{info[0]}_{info[1]}_ranking",
            ),
            path(
                "courriels/",
                self.admin_site.admin_view(self.outbox_view),
                name=f"{info[0]}_{info[1]}_outbox",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk, attachment_id):
        if not self.has_view_permission(request):
            raise Http404
        application = get_object_or_404(self.model, pk=pk)
        return file_response(request, application, attachment_id)

    def can_read_selection(self, request):
        """Ranking and balance belong to the pillar's secretariat (who holds view on its
        applications): a committee member, who must score before seeing any colleague's
        score, neither reaches them nor sees them linked."""
        return self.has_view_permission(request)

    def ranking_view(self, request):
        """Averages and ranks, for the secretariat (no names); equal averages share a rank
        (ex aequo). An application is left out only for a reader who declared a conflict on
        it themselves: another member's conflict hides nothing from anyone else."""
        if not self.can_read_selection(request):
            raise Http404
        own_conflicts = self.review_model.objects.filter(
            reviewer=request.user, has_conflict=True
        ).values("application_id")
        rows = (
            self.model.objects.exclude(
                status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN]
            )
            .exclude(pk__in=own_conflicts)
            .annotate(
                average=Avg("reviews__score", filter=Q(reviews__has_conflict=False)),
                review_count=Count("reviews__score"),
            )
            .order_by(F("average").desc(nulls_last=True), "reference")
        )
        rows = list(self.ranking_queryset(request, rows))
        return TemplateResponse(
            request,
            "admin/applications/ranking.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Classement des candidatures"),
                "rows": ranked(rows),
                "opts": self.model._meta,
                "selection_links": self.selection_links(),
            },
        )

    def ranking_queryset(self, request, rows):
        return rows

    OUTBOX_ROWS = 200

    def recipient_emails(self):
        """The addresses the pillar writes to about its applications (employers included)."""
        return set(self.model.objects.exclude(email="").values_list("email", flat=True))

    def outbox_view(self, request):
        """The secretariat's read-only view of the mail sent about its own pillar's
        applications: subject, recipients, state and dates (never the bodies, whose links
        belong to the applicants)."""
        if not self.can_read_selection(request):
            raise Http404
        emails = sorted(self.recipient_emails())
        rows = (
            OutboxMessage.objects.filter(recipients__has_any_keys=emails)
            .only("subject", "recipients", "status", "attempts", "created_at", "sent_at")
            .order_by("-created_at", "-pk")[: self.OUTBOX_ROWS]
            if emails
            else []
        )
        return TemplateResponse(
            request,
            "admin/applications/outbox.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Courriels envoyés aux candidats"),
                "rows": rows,
                "limit": self.OUTBOX_ROWS,
                "opts": self.model._meta,
                "selection_links": self.selection_links(),
            },
        )

    # --- actions ------------------------------------------------------------------------
    def _move(self, request, queryset, status):
        """Each selected application through the workflow; refused moves are counted."""
        moved = refused = 0
        for application in queryset.select_related("parent"):
            try:
                transition(application=application, to=status, by=request.user)
            except TransitionNotAllowed:
                refused += 1
            else:
                moved += 1
        label = ApplicationStatus(status).label
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(n)s candidature passe au statut « %(status)s ».",
                    "%(n)s candidatures passent au statut « %(status)s ».",
                    moved,
                )
                % {"n": moved, "status": label},
                level=messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(n)s candidature laissée en l'état : le statut « %(status)s » n'est pas "
                    "possible depuis son statut actuel.",
                    "%(n)s candidatures laissées en l'état : le statut « %(status)s » n'est "
                    "pas possible depuis leur statut actuel.",
                    refused,
                )
                % {"n": refused, "status": label},
                level=messages.ERROR if not moved else messages.WARNING,
            )
        return moved

    @admin.action(description=gettext_lazy("Assigner des membres du comité"))
    def assign_reviewers(self, request, queryset):
        """An intermediate page: tick members; each selected application gets a review by
        each of them (existing assignments are kept)."""
        form = AssignForm(request.POST if "apply" in request.POST else None, roles=self.roles)
        if form.is_bound and form.is_valid():
            created = 0
            for application in queryset:
                for member in form.cleaned_data["reviewers"]:
                    _review, new = self.review_model.objects.get_or_create(
                        application=application, reviewer=member
                    )
                    created += new
            self.message_user(request, _("%(n)s évaluation(s) assignée(s).") % {"n": created})
            return redirect(request.get_full_path())
        return TemplateResponse(
            request,
            "admin/applications/assign.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Assigner des membres du comité"),
                "form": form,
                "applications": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=gettext_lazy("Renvoyer le message de la décision"))
    def send_decision(self, request, queryset):
        """The message of each application's current decision, sent again as it was (its
        text and link); applications whose status sends none are counted."""
        sent = missing = 0
        for application in queryset.select_related("parent"):
            if decisions.resend(application=application) is None:
                missing += 1
            else:
                sent += 1
        self.message_user(request, _("%(n)s message(s) renvoyé(s).") % {"n": sent})
        if missing:
            self.message_user(
                request,
                _("%(n)s candidature(s) dont le statut n'envoie pas de message : rien envoyé.")
                % {"n": missing},
                level=messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Exporter en CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="candidatures.csv"'
        response.write("\ufeff")
        writer = csv_safe.writer(response, delimiter=";")
        columns = ["reference", *self.summary_columns, "status", "average"]
        writer.writerow([self.column_label(name) for name in columns])
        for application in queryset:
            row = []
            for name in columns:
                value = getattr(application, name, "")
                display = getattr(application, f"get_{name}_display", None)
                row.append(display() if display else csv_value(value))
            writer.writerow(row)
        return response

    def column_label(self, name):
        """A column's French header: the field's verbose name (« Référence », « Nom »…)."""
        if name == "average":
            return _("Moyenne /20")
        return capfirst(self.model._meta.get_field(name).verbose_name)


def csv_value(value):
    """A cell as a French spreadsheet reads it: « 12,50 », nothing for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return value


def ranked(rows):
    """[(rank or None, ex_aequo, row)]: standard competition ranking (1, 1, 3) on the
    average; rows without an average have no rank."""
    averages = [row.average for row in rows if row.average is not None]
    result = []
    for row in rows:
        if row.average is None:
            result.append((None, False, row))
            continue
        rank = averages.index(row.average) + 1
        result.append((rank, averages.count(row.average) > 1, row))
    return result


def file_response(request, application, attachment_id):
    """One of the application's documents, as a private download; the access is logged."""
    attachment = get_object_or_404(application.attachments, pk=attachment_id)
    log_access(request, application, f"téléchargement {attachment.slot}")
    response = stored_file_response(
        request,
        attachment.file,
        filename=f"{application.reference}-{attachment.slot}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


class ReviewAssignmentInlineBase(admin.TabularInline):
    """On an application: the committee members who review it, chosen by name among the
    pillar's committee (a short list: a plain select, no autocomplete), and what each
    has declared and scored."""

    roles = None
    extra = 0
    fields = ("reviewer", "has_conflict", "score", "scored_at")
    readonly_fields = ("has_conflict", "score", "scored_at")
    verbose_name = gettext_lazy("membre du comité assigné")
    verbose_name_plural = gettext_lazy("membres du comité assignés")
    add_text = gettext_lazy("Assigner un autre membre du comité")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewer":
            return MemberChoiceField(
                queryset=committee_members(self.roles),
                label=_("Membre du comité"),
                required=True,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")


class DecisionTemplateAdminBase(BaseAdmin):
    """Each decision's message, per parent (edition, call) or for all; the change form shows
    the French default and a preview filled with an example application."""

    application_model = None  # the pillar's application model (its default texts)
    list_display = ("status", "parent", "subject")
    list_filter = ("status", "parent")
    readonly_fields = ("default_text", "preview")
    fields = ("parent", "status", "subject", "body", "default_text", "preview")

    EXAMPLE = {
        "nom": "Awa Diallo",
        "reference": "XX-2027-0001",
        "lien": "https://exemple.gouv.fr/suivi/",
        "lien_confirmation": "https://exemple.gouv.fr/lien-personnel-de-confirmation/",
        "date_limite": "15 juin 2027 à 12h00",
        "motif": "Le service ne peut pas se passer de vous cette année.",
    }

    @admin.display(description=gettext_lazy("texte par défaut"))
    def default_text(self, obj):
        default = self.application_model.DEFAULT_DECISIONS.get(obj.status) if obj else None
        if not default:
            return "—"
        return format_html("<strong>{}</strong><pre class='ints-preview'>{}</pre>", *default)

    @admin.display(description=gettext_lazy("aperçu"))
    def preview(self, obj):
        if not obj or not obj.body:
            return "—"
        title = str(obj.parent) if obj.parent_id else _("Titre de la sélection")
        subject, body = decisions.render(obj.subject, obj.body, {**self.EXAMPLE, "titre": title})
        return format_html("<strong>{}</strong><pre class='ints-preview'>{}</pre>", subject, body)


class MessageInline(GenericTabularInline):
    """The messages sent about the application (decisions, acknowledgement, links), read-only:
    what, when queued, when delivered."""

    model = OutboxMessage
    extra = 0
    can_delete = False
    fields = readonly_fields = ("subject", "kind", "status", "created_at", "sent_at")
    verbose_name = gettext_lazy("message envoyé")
    verbose_name_plural = gettext_lazy("messages envoyés")

    def has_view_permission(self, request, obj=None):
        return has_model_perm(request.user, self.parent_model, "view")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApplicationAccess)
class ApplicationAccessAdmin(BaseAdmin):
    """The access log: read-only, for administrators."""

    list_display = ("at", "user", "action", "content_type", "object_id")
    list_filter = ("action", "content_type")
    search_fields = ("user__username",)
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
