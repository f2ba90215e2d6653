"""The selection demo (DEBUG only), shared by both pillars: applications filled in step by step
through the pillar's real form (answers validated, PDF documents put through the upload checks),
submitted as an applicant would, moved through `workflow.transition()` and the place services,
and reviewed by the pillar's two demo committee members.

Each pillar's demo module names its data file (a mapping with `applications`) and what only it
knows (its documents, what follows submission); this module does the rest. Idempotent: an
application is looked up by its parent and email and left as it is once there. The applications
of an older demo (`candidat-<pillar>-<n>@example.org`, blank answers) are replaced once."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from applications import demo_accounts as accounts
from applications import places
from applications.models import ApplicationAccess, ApplicationEvent, ApplicationStatus
from applications.workflow import transition
from resources import demo_loader as loader
from resources.demo_pdf import pdf_bytes

S = ApplicationStatus
# The secretariat's moves from SUBMITTED to each final status (each is in the workflow's table).
# CONFIRMED and WITHDRAWN are the applicant's own acts, after the route the item names.
ROUTES = {
    S.SUBMITTED: [],
    S.COMPLETE: [S.COMPLETE],
    S.SHORTLISTED: [S.COMPLETE, S.SHORTLISTED],
    S.INTERVIEW: [S.COMPLETE, S.SHORTLISTED, S.INTERVIEW],
    S.ACCEPTED: [S.COMPLETE, S.SHORTLISTED, S.INTERVIEW, S.ACCEPTED],
    S.WAITING_LIST: [S.COMPLETE, S.SHORTLISTED, S.INTERVIEW, S.WAITING_LIST],
    S.REJECTED: [S.COMPLETE, S.REJECTED],
    S.CONFIRMED: [S.COMPLETE, S.SHORTLISTED, S.INTERVIEW, S.ACCEPTED],
    S.WITHDRAWN: [S.COMPLETE],
}


class DemoDataError(Exception):
    """An item of a selection data file that the real form or workflow refuses."""


@dataclass
class Pillar:
    role: str  # "cycle" or "calls": the accounts' role prefix in accounts.yaml
    key: str  # "cycle" or "aap": the older demo's email prefix
    data: str  # the data file, without .yaml
    portal: object  # the pillar's ApplicationPortal (model, flow, hooks)
    parent: object  # the edition or call the applications go to
    criteria: list
    review_model: type
    # item, answers by field name -> {slot: (title, [paragraphs])}: the PDFs to upload
    documents: Callable
    # application, item: what the applicant's surroundings do after submission
    after_submit: Callable = field(default=lambda application, item: None)


def load(pillar, *, now=None):
    """Load one pillar's selection demo; return a French one-line summary.

    Side effects: creates the demo accounts if missing; deletes the older demo's applications;
    creates the missing applications with their answers and documents, submits them (reference,
    acknowledgement email), moves them (events, decision emails), writes their reviews."""
    if not settings.DEBUG:
        return "sélection de démonstration réservée au mode DEBUG"
    now = now or timezone.now()
    by_role = accounts.load()
    secretariat = by_role[f"{pillar.role}.secretariat"][0]
    members = by_role[f"{pillar.role}.committee"]
    retired = _retire_older_demo(pillar)
    items = loader.read(pillar.data)["applications"]
    opens_at, closes_at = pillar.portal.window(pillar.parent)
    # submissions spread over the window so far (or its first hours, when it opens later on)
    last = min(now, closes_at - datetime.timedelta(hours=1))
    last = max(last, opens_at + datetime.timedelta(hours=len(items) + 1))
    spacing = (last - opens_at) / (len(items) + 1)
    created = 0
    for index, item in enumerate(items, start=1):
        model = pillar.portal.model
        if model.objects.filter(parent=pillar.parent, email=item["email"]).exists():
            continue
        files = {
            slot: pdf_bytes(title, paragraphs)
            for slot, (title, paragraphs) in pillar.documents(item, _answers(item)).items()
        }
        when = opens_at + spacing * index
        application = _create(pillar, item, files, when=when, by=secretariat, now=now)
        created += 1
        for member, review in zip(members, item.get("reviews", []), strict=False):
            _review(pillar, application, member, review, when=when, now=now)
    total = pillar.portal.model.objects.filter(parent=pillar.parent).count()
    summary = f"{created} candidature(s) de démonstration créée(s), {total} au total"
    return f"{summary} ({retired} de l'ancienne démonstration remplacée(s))" if retired else summary


def _answers(item):
    return {name: value for step in item["answers"].values() for name, value in step.items()}


def _create(pillar, item, files, *, when, by, now):
    portal, parent = pillar.portal, pillar.parent
    application = portal.model(parent=parent, email=item["email"])
    application.issue_token()
    application.save()
    for step in portal.flow.steps:
        answers = item["answers"].get(step.slug)
        if answers is None:
            break  # a draft stops where its applicant left it
        post = QueryDict(mutable=True)
        for name, value in answers.items():
            if isinstance(value, bool):
                value = "on" if value else ""
            post[name] = str(value)
        uploads = MultiValueDict(
            {
                slot: [SimpleUploadedFile(f"{slot}.pdf", content, "application/pdf")]
                for slot, content in files.items()
                if slot in step.form_class.base_fields
            }
        )
        form, valid = portal.flow.save_step(application, step, post, uploads)
        if not valid:
            raise DemoDataError(f"{item['email']}, {step.slug} : {form.errors.as_text()}")
    status = S(item["status"])
    if status == S.DRAFT:
        return application
    _opens, closes_at = portal.window(parent)
    application, _submitted = portal.flow.submit(
        application, parent=parent, closes_at=closes_at, now=when
    )
    portal.on_submitted(application, parent)
    pillar.after_submit(application, item)
    notes = item.get("notes", {})
    for target in item.get("route", ROUTES[status]):
        application = transition(
            application=application, to=target, by=by, note=notes.get(str(target), "")
        )
    if status == S.CONFIRMED:
        places.confirm_place(application=application, now=now)
    elif status == S.WITHDRAWN:
        portal.withdraw(application)
    application.refresh_from_db()
    if application.status != status:
        raise DemoDataError(f"{item['email']} : {application.status} au lieu de {status}")
    return application


def _review(pillar, application, member, review, *, when, now):
    """One member's review: assigned only ({}), conflict declared, or scored with a comment."""
    declared = min(now, when + datetime.timedelta(days=3, hours=member.pk % 5))
    row = pillar.review_model(application=application, reviewer=member)
    if "conflict" in review:
        row.has_conflict, row.conflict_reason, row.declared_at = True, review["conflict"], declared
    elif "scores" in review:
        scores = review["scores"]
        if len(scores) != len(pillar.criteria) or any(
            not 0 <= score <= criterion.max_score
            for score, criterion in zip(scores, pillar.criteria, strict=True)
        ):
            raise DemoDataError(f"{application.email} : notes {scores} hors des critères")
        row.has_conflict, row.declared_at = False, declared
        row.scores = {str(c.pk): s for c, s in zip(pillar.criteria, scores, strict=True)}
        row.score = row.weighted_score(pillar.criteria)
        row.comment = review.get("comment", "")
        row.scored_at = min(now, declared + datetime.timedelta(hours=2))
    elif review.get("declared"):
        row.has_conflict, row.declared_at = False, declared
    row.save()


def _retire_older_demo(pillar):
    """The older demo's applications (blank answers, no documents): deleted with their
    history, so that the new ones take their place."""
    model = pillar.portal.model
    older = model.objects.filter(
        email__startswith=f"candidat-{pillar.key}-", email__endswith="@example.org"
    )
    ids = list(older.values_list("pk", flat=True))
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    for log in (ApplicationEvent, ApplicationAccess):
        log.objects.filter(content_type=content_type, object_id__in=ids).delete()
    for application in older:
        for attachment in application.attachments.all():
            attachment.file.delete(save=False)
    model.objects.filter(pk__in=ids).delete()
    return len(ids)
