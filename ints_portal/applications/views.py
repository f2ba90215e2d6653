"""Public side of an application: start with an email, continue from any device through a
secret link, fill the steps, submit once, follow the status, withdraw.

`ApplicationPortal` holds what differs between pillars (model, steps, parent, names); each
pillar's urls.py exposes its bound methods. The applicant's draft is found through the session,
which the secret link (sent by email, only its hash stored) opens on any browser."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ints_portal.applications.models import ApplicationStatus
from ints_portal.emails import send_templated_email
from ints_portal.forms import DsfrFormMixin
from resources.engagement.services import allow


class StartForm(DsfrFormMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse électronique"),
        help_text=gettext_lazy(
            "Nous vous y envoyons le lien personnel pour reprendre votre candidature à tout "
            "moment, depuis n'importe quel appareil."
        ),
        max_length=254,
        error_messages={
            "invalid": gettext_lazy(
                "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
            )
        },
    )
    website = forms.CharField(required=False, label=gettext_lazy("Ne pas remplir ce champ"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Ce formulaire n'a pas pu être envoyé."))
        return ""


class WithdrawForm(DsfrFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Je confirme retirer ma candidature"),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer le retrait.")},
    )


class ApplicationPortal:
    model = None
    flow = None
    namespace = ""  # URL namespace of the pillar
    url_prefix = ""  # e.g. "application_" → application_start, application_step…
    template_dir = "applications"
    email_prefix = "applications/email/"

    # --- to implement -------------------------------------------------------------------
    def get_parent(self, request, **kwargs):
        raise NotImplementedError

    def window(self, parent):
        """(opens_at, closes_at) of the application window."""
        raise NotImplementedError

    def title_of(self, parent):
        return str(parent)

    def breadcrumb(self, parent):
        """[(label, url)] leading to the application pages."""
        return []

    # --- helpers ------------------------------------------------------------------------
    def url(self, name, parent, *args):
        return reverse(
            f"{self.namespace}:{self.url_prefix}{name}", args=[*self.parent_args(parent), *args]
        )

    def parent_args(self, parent):
        return []

    def session_key(self, parent):
        return f"application:{self.model._meta.label_lower}:{parent.pk}"

    def is_open(self, parent, now=None):
        opens_at, closes_at = self.window(parent)
        now = now or timezone.now()
        return opens_at <= now < closes_at

    def current(self, request, parent):
        pk = request.session.get(self.session_key(parent))
        if not pk:
            return None
        return self.model.objects.filter(pk=pk, parent=parent, anonymised_at=None).first()

    def context(self, request, parent, **extra):
        opens_at, closes_at = self.window(parent)
        return {
            "parent": parent,
            "parent_title": self.title_of(parent),
            "portal": self,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "steps": self.flow.steps,
            "base_template": self.base_template,
            "breadcrumb": self.breadcrumb(parent),
            "start_url": self.url("start", parent),
            "status_url": self.url("status", parent),
            "summary_url": self.url("summary", parent),
            **extra,
        }

    base_template = "base.html"

    def send_link(self, application, raw_token, parent, *, first):
        send_templated_email(
            to=application.email,
            template_prefix=f"{self.email_prefix}link",
            context={
                "application": application,
                "title": self.title_of(parent),
                "first": first,
                "link": self.url("resume", parent, raw_token),
            },
        )

    # --- views --------------------------------------------------------------------------
    def start(self, request, **kwargs):
        parent = self.get_parent(request, **kwargs)
        application = self.current(request, parent)
        if application is not None:
            return redirect(
                self.url(
                    "status" if not application.is_draft else "step",
                    parent,
                    *([] if not application.is_draft else [self.flow.steps[0].slug]),
                )
            )
        if not self.is_open(parent):
            return render(
                request, f"{self.template_dir}/closed.html", self.context(request, parent)
            )
        form = StartForm(request.POST if request.method == "POST" else None)
        sent_to = None
        if request.method == "POST":
            limit, period = settings.INTS_APPLICATION_RATE_LIMIT
            if not allow(
                request,
                bucket=f"apply-{self.model._meta.model_name}",
                limit=limit,
                period_seconds=period,
            ):
                return render(request, "resources/engagement/too_many.html", status=429)
            if form.is_valid():
                email = form.cleaned_data["email"].strip().lower()
                existing = (
                    self.model.objects.filter(parent=parent, email=email, anonymised_at=None)
                    .exclude(status=ApplicationStatus.WITHDRAWN)
                    .first()
                )
                if existing is not None:
                    # Never open someone else's application: send them their link again.
                    raw = existing.issue_token()
                    existing.save(update_fields=["token_hash", "updated_at"])
                    self.send_link(existing, raw, parent, first=False)
                    sent_to = email
                else:
                    application = self.model(parent=parent, email=email)
                    raw = application.issue_token()
                    try:
                        with transaction.atomic():
                            application.save()
                    except IntegrityError:
                        sent_to = email  # a double click created it a moment ago
                    else:
                        self.send_link(application, raw, parent, first=True)
                        request.session[self.session_key(parent)] = application.pk
                        return redirect(self.url("step", parent, self.flow.steps[0].slug))
        return render(
            request,
            f"{self.template_dir}/start.html",
            self.context(request, parent, form=form, sent_to=sent_to),
        )

    def resume(self, request, token, **kwargs):
        parent = self.get_parent(request, **kwargs)
        application = self.model.by_token(token)
        if application is None or application.parent_id != parent.pk:
            return render(
                request,
                f"{self.template_dir}/bad_link.html",
                self.context(request, parent),
                status=404,
            )
        request.session.cycle_key()
        request.session[self.session_key(parent)] = application.pk
        if application.is_draft:
            return redirect(self.url("step", parent, self.flow.steps[0].slug))
        return redirect(self.url("status", parent))

    def _draft_or_redirect(self, request, parent):
        application = self.current(request, parent)
        if application is None:
            return None, redirect(self.url("start", parent))
        if not application.is_draft:
            return None, redirect(self.url("status", parent))
        return application, None

    def step_view(self, request, step_slug, **kwargs):
        parent = self.get_parent(request, **kwargs)
        step = self.flow.step(step_slug)
        if step is None:
            raise Http404
        application, response = self._draft_or_redirect(request, parent)
        if response:
            return response
        open_now = self.is_open(parent)
        if request.method == "POST" and open_now:
            form, valid = self.flow.save_step(application, step, request.POST, request.FILES)
            if valid:
                target = (
                    self.flow.previous_step(step)
                    if "precedent" in request.POST
                    else self.flow.next_step(step)
                )
                if target is None:
                    return redirect(self.url("summary", parent))
                return redirect(self.url("step", parent, target.slug))
        else:
            form = self.flow.form(application, step)
        return render(
            request,
            f"{self.template_dir}/step.html",
            self.context(
                request,
                parent,
                application=application,
                step=step,
                form=form,
                index=self.flow.steps.index(step) + 1,
                open_now=open_now,
                attachments=self.flow.attachments(application),
                previous=self.flow.previous_step(step),
                next=self.flow.next_step(step),
            ),
        )

    def summary(self, request, **kwargs):
        parent = self.get_parent(request, **kwargs)
        application, response = self._draft_or_redirect(request, parent)
        if response:
            return response
        error = None
        if request.method == "POST":
            _opens, closes_at = self.window(parent)
            try:
                application, submitted_now = self.flow.submit(
                    application, parent=parent, closes_at=closes_at
                )
            except ValidationError as exc:
                error = exc.messages[0]
            else:
                if submitted_now:
                    self.on_submitted(application, parent)
                return redirect(self.url("status", parent))
        return render(
            request,
            f"{self.template_dir}/summary.html",
            self.context(
                request,
                parent,
                application=application,
                error=error,
                open_now=self.is_open(parent),
                problems=[
                    (step, self.url("step", parent, step.slug), messages)
                    for step, messages in self.flow.problems(application)
                ],
                answers=[
                    (step, self.url("step", parent, step.slug), items)
                    for step, items in self.answers(application)
                ],
            ),
        )

    identity_fields = ()  # hidden from reviewers during a blind phase

    def applicant_name(self, application):
        return application.email

    def absolute_url(self, name, parent, *args):
        return settings.SITE_URL + self.url(name, parent, *args)

    def answers(self, application):
        """[(step, [(label, value)])] for the summary page, with choices' labels."""
        return [
            (step, [(label, value) for _name, label, value in items])
            for step, items in self.answers_with_names(application)
        ]

    def answers_with_names(self, application):
        attachments = self.flow.attachments(application)
        rows = []
        for step in self.flow.steps:
            form = step.form_class(application=application)
            items = []
            for name, form_field in form.fields.items():
                if name == "website":
                    continue
                if isinstance(form_field, forms.FileField):
                    value = _("déposé") if name in attachments else _("non déposé")
                else:
                    value = application.data.get(name, "")
                    choices = {str(k): v for k, v in (getattr(form_field, "choices", []) or [])}
                    if isinstance(value, list):
                        value = ", ".join(str(choices.get(v, v)) for v in value)
                    elif isinstance(form_field, forms.BooleanField):
                        value = _("oui") if value else _("non")
                    elif value != "":  # an unanswered select is not its placeholder choice
                        value = choices.get(value, value)
                items.append((name, form_field.label, value))
            rows.append((step, items))
        return rows

    def on_submitted(self, application, parent):
        send_templated_email(
            to=application.email,
            template_prefix=f"{self.email_prefix}acknowledgement",
            context={
                "application": application,
                "title": self.title_of(parent),
                "link": self.url("status", parent),
            },
        )

    def status(self, request, **kwargs):
        parent = self.get_parent(request, **kwargs)
        application = self.current(request, parent)
        if application is None:
            return redirect(self.url("start", parent))
        form = WithdrawForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and application.can_withdraw and form.is_valid():
            type(application).objects.filter(pk=application.pk).update(
                status=ApplicationStatus.WITHDRAWN, status_changed_at=timezone.now()
            )
            return HttpResponseRedirect(self.url("status", parent))
        return render(
            request,
            f"{self.template_dir}/status.html",
            self.context(request, parent, application=application, form=form),
        )


def applicant_view(portal, name):
    """A view function calling `portal.<name>`; never cached (personal pages)."""
    method = getattr(portal, name)

    @never_cache
    def view(request, *args, **kwargs):
        return method(request, *args, **kwargs)

    view.__name__ = f"{type(portal).__name__}_{name}"
    return view
