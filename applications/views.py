"""Public side of an application: start with an email, continue from any device through a
secret link, fill the steps, submit once, follow the status, withdraw.

`ApplicationPortal` holds what differs between pillars (model, steps, parent, names); each
pillar's urls.py exposes its bound methods. The applicant's draft is found through the session,
which the secret link (sent by email, only its hash stored) opens on any browser."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from applications.forms import StartForm, WithdrawForm
from applications.models import ApplicationStatus
from applications.workflow import history, transition
from core.emails import send_templated_email
from core.rate_limits import record_action, retry_after, too_many_response

# An emailed resume link (signed, nothing stored) opens the draft this long; the start form
# sends a new one to a known address.
RESUME_LINK_AGE = datetime.timedelta(days=30)
# Step posts allowed per start allowed (INTS_APPLICATION_RATE_LIMIT), per client address.
STEP_POSTS_PER_START = 10


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

    def send_link(self, application, parent, *, first):
        """The resume link, signed now and rendered when the email is sent (never stored)."""
        send_templated_email(
            to=application.email,
            template_prefix=f"{self.email_prefix}link",
            context={
                "application": application,
                "title": self.title_of(parent),
                "first": first,
                "link": application.secret_link("resume"),
            },
            about=application,
            kind="link",
        )

    def _limit(self, *, step):
        """The engagement rate limit of the start form, and of the steps in their own bucket
        (an honest applicant posts a step many times an hour). While Redis does not answer a
        start is refused (503: it creates an application and sends mail), a step is not (the
        applicant's answers go to the database)."""
        limit, period = settings.INTS_APPLICATION_RATE_LIMIT
        name = self.model._meta.model_name
        if step:
            return {
                "bucket": f"apply-step-{name}",
                "limit": limit * STEP_POSTS_PER_START,
                "period_seconds": period,
                "fail_open": True,
            }
        return {"bucket": f"apply-{name}", "limit": limit, "period_seconds": period}

    def refused(self, request, *, step=False):
        """The 429 page (with Retry-After) when this client is over its limit, else None.
        Only accepted posts count (`count`): a form sent back with errors costs nothing."""
        if wait := retry_after(request, **self._limit(step=step)):
            return too_many_response(request, retry_after=wait)
        return None

    def count(self, request, *, step=False):
        limit = self._limit(step=step)
        del limit["limit"]
        record_action(request=request, **limit)

    # --- hooks a pillar may declare -----------------------------------------------------
    def on_submitted(self, application, parent):
        """After the SUBMITTED transition (whose email the model declares)."""

    def after_step(self, request, application, step):
        """After a step's answers are stored, valid or not."""

    def warnings(self, application):
        """Eligibility warnings shown on the summary before submitting (never blocking)."""
        return []

    # --- views --------------------------------------------------------------------------
    def start(self, request, **kwargs):
        parent = self.get_parent(request, **kwargs)
        application = self.current(request, parent)
        if application is not None:
            return redirect(self.landing(application, parent))
        if not self.is_open(parent):
            return render(
                request, f"{self.template_dir}/closed.html", self.context(request, parent)
            )
        form = StartForm(request.POST if request.method == "POST" else None)
        sent_to = None
        if request.method == "POST":
            if refused := self.refused(request):
                return refused
            if form.is_valid():
                self.count(request)
                sent_to = form.cleaned_data["email"].strip().lower()
                self.send_start_link(parent, sent_to)
        return render(
            request,
            f"{self.template_dir}/start.html",
            self.context(request, parent, form=form, sent_to=sent_to),
        )

    def send_start_link(self, parent, email):
        """The same answer for a known and a new address (no enumeration): a link by email.
        Every link is signed (RESUME_LINK_AGE); earlier links keep working."""
        existing = (
            self.model.objects.filter(parent=parent, email=email, anonymised_at=None)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .first()
        )
        if existing is not None:
            self.send_link(existing, parent, first=False)
            return
        application = self.model(parent=parent, email=email)
        application.issue_token()  # nobody gets it: the column is unique
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            return  # a double click created it a moment ago: its link is on its way
        self.send_link(application, parent, first=True)

    def resume(self, request, token, **kwargs):
        parent = self.get_parent(request, **kwargs)
        application = self.model.by_token(token) or self.model.by_signed(
            token, "resume", max_age=RESUME_LINK_AGE
        )
        if application is None or application.parent_id != parent.pk:
            return render(
                request,
                f"{self.template_dir}/bad_link.html",
                self.context(request, parent),
                status=404,
            )
        request.session.cycle_key()
        request.session[self.session_key(parent)] = application.pk
        return redirect(self.landing(application, parent))

    def landing(self, application, parent):
        """Where the applicant stopped: the first step still to fill, else the summary;
        the status page once submitted."""
        if not application.is_draft:
            return self.url("status", parent)
        problems = self.flow.problems(application)
        if not problems:
            return self.url("summary", parent)
        return self.url("step", parent, problems[0][0].slug)

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
            if refused := self.refused(request, step=True):
                return refused
            form, valid = self.flow.save_step(application, step, request.POST, request.FILES)
            self.count(request, step=True)  # the answers are stored, valid or not
            self.after_step(request, application, step)
            if valid:
                return redirect(self.after_valid_step(request, parent, step))
        else:
            form = self.flow.form(application, step)
        return render(
            request,
            f"{self.template_dir}/step.html",
            self.step_context(request, parent, application, step, form, open_now),
        )

    def after_valid_step(self, request, parent, step):
        if "precedent" in request.POST:
            target = self.flow.previous_step(step)
        elif "rester" in request.POST:
            target = step
        else:
            target = self.flow.next_step(step)
        if target is None:
            return self.url("summary", parent)
        return self.url("step", parent, target.slug)

    def step_context(self, request, parent, application, step, form, open_now):
        return self.context(
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
            self.summary_context(request, parent, application, error),
        )

    def summary_context(self, request, parent, application, error):
        return self.context(
            request,
            parent,
            application=application,
            error=error,
            open_now=self.is_open(parent),
            warnings=self.warnings(application),
            problems=[
                (step, self.url("step", parent, step.slug), messages)
                for step, messages in self.flow.problems(application)
            ],
            answers=[
                (step, self.url("step", parent, step.slug), items)
                for step, items in self.answers(application)
            ],
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

    def status(self, request, **kwargs):
        parent = self.get_parent(request, **kwargs)
        application = self.current(request, parent)
        if application is None:
            return redirect(self.url("start", parent))
        form = WithdrawForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and application.can_withdraw and form.is_valid():
            self.withdraw(application)
            return HttpResponseRedirect(self.url("status", parent))
        return render(
            request,
            f"{self.template_dir}/status.html",
            self.context(
                request, parent, application=application, form=form, history=history(application)
            ),
        )

    def withdraw(self, application):
        transition(application=application, to=ApplicationStatus.WITHDRAWN, by=None)


def applicant_view(portal, name):
    """A view function calling `portal.<name>`; never cached (personal pages)."""
    method = getattr(portal, name)

    @never_cache
    def view(request, *args, **kwargs):
        return method(request, *args, **kwargs)

    view.__name__ = f"{type(portal).__name__}_{name}"
    return view
