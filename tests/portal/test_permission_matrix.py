"""Every URL against every role gives the expected answer; nothing private by guessing ids.

Each row: a URL (built from the objects below), then the expected status per role. Pillars add
their rows (applications, calls) as they land.
"""

from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.utils.text import capfirst

from tests.factories import ResourceFactory, UserFactory
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
ROLES = [
    "anonymous",
    "curator",
    "reader",
    "staff_without_group",
    "superuser",
    "selection_secretariat",
    "selection_committee",
    "research_secretariat",
    "research_committee",
    "selection_committee_other",
    "research_committee_other",
]
GROUPS = {
    "curator": "Curateurs",
    "reader": "Lecture seule",
    "selection_secretariat": "Secrétariat de sélection",
    "selection_committee": "Comité de sélection",
    "research_secretariat": "Secrétariat scientifique",
    "research_committee": "Comité scientifique",
    # a second member of each committee, with no review assigned in the objects below
    "selection_committee_other": "Comité de sélection",
    "research_committee_other": "Comité scientifique",
}
LOGIN = 302  # redirected to the back-office login (or, for applicants, to the start page)
NO_SUCH = 302  # the admin's « does not exist » redirect: another member's review is not theirs


@pytest.fixture
def objects():
    published = ResourceFactory(slug="publiee")
    draft = ResourceFactory(slug="brouillon", draft=True)
    for resource in (published, draft):
        resource.file.save("f.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
        resource.file_mime = "application/pdf"
        resource.save()
    members = {}
    for role, group in GROUPS.items():
        user = UserFactory(staff=True, username=role)
        user.groups.add(Group.objects.get(name=group))
        members[role] = user
    he_application, call_application = _applications(members)
    return {"published": published, "draft": draft, "he": he_application, "call": call_application}


def _applications(members):
    """One submitted application on each pillar, each with a file and a review assigned to
    the pillar's committee member."""
    import datetime

    from django.utils import timezone

    from hautes_etudes.models import Application, Attachment, Edition, Review
    from research.calls.models import Call, CallApplication, CallAttachment, CallReview

    now = timezone.now()
    edition = Edition.objects.create(
        year=2027,
        name="P",
        slug="p",
        theme="T",
        description="D",
        fees="F",
        eligibility="E",
        applications_open_at=now,
        applications_close_at=now + datetime.timedelta(days=1),
        committee_date=now.date(),
        results_date=now.date(),
        first_session_date=now.date(),
        is_published=True,
    )
    call = Call.objects.create(
        title="C",
        slug="c",
        summary="S",
        description="D",
        eligibility="E",
        budget=1,
        max_amount=1,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=1),
        is_published=True,
    )
    he = Application.objects.create(
        parent=edition,
        email="a@example.fr",
        token_hash="a" * 64,
        status="submitted",
        reference="HE-2027-0001",
        sequence=1,
    )
    cp = CallApplication.objects.create(
        parent=call,
        email="b@example.fr",
        token_hash="b" * 64,
        status="submitted",
        reference="AAP-2027-0001",
        sequence=1,
    )
    for model, application in ((Attachment, he), (CallAttachment, cp)):
        attachment = model(application=application, slot="cv", mime="application/pdf", size=9)
        attachment.file.save("cv.pdf", ContentFile(b"%PDF-1.4 x"))
    declared = {"has_conflict": False, "declared_at": now}
    Review.objects.create(application=he, reviewer=members["selection_committee"], **declared)
    CallReview.objects.create(application=cp, reviewer=members["research_committee"], **declared)
    return he, cp


HE = "/admin/hautes_etudes/application"
CP = "/admin/research/callapplication"
MATRIX = [
    # url, anonymous, curator, reader, staff_without_group, superuser,
    #      selection secretariat, selection committee, research secretariat, research committee
    ("/", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/ressources/publiee/", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/ressources/publiee/telecharger/", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/ressources/brouillon/", 404, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ("/ressources/brouillon/telecharger/", 404, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ("/ressources/brouillon/apercu/", LOGIN, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ("/admin/", LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/admin/resources/resource/", LOGIN, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/resources/resource/add/", LOGIN, 200, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    (
        "/admin/resources/resource/importer/",
        LOGIN,
        200,
        403,
        403,
        200,
        403,
        403,
        403,
        403,
        403,
        403,
    ),
    (
        "/admin/resources/resource/exporter/",
        LOGIN,
        200,
        200,
        403,
        200,
        403,
        403,
        403,
        403,
        403,
        403,
    ),
    ("/admin/resources/subscription/", LOGIN, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/auth/user/", LOGIN, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/axes/accessattempt/", LOGIN, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    # Applications to the cycle: the selection secretariat; the committee through reviews.
    # The last two columns: a second member of each committee, with nothing assigned.
    (f"{HE}/", LOGIN, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403),
    ("{he}", LOGIN, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403),
    ("{he_file}", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    ("/admin/hautes_etudes/review/", LOGIN, 403, 403, 403, 200, 200, 200, 403, 403, 200, 403),
    ("{he_review}", LOGIN, 403, 403, 403, 200, 200, 200, 403, 403, NO_SUCH, 403),
    # Ranking and balance belong to the secretariat: no committee member reaches them.
    (f"{HE}/classement/", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    (f"{HE}/composition/", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    # A reviewer's own download of the documents (after declaring no conflict), logged.
    # The mail sent about the pillar's applications: its secretariat's, read-only.
    (f"{HE}/courriels/", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    ("/admin/core/outboxmessage/", LOGIN, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ("{he_review_file}", LOGIN, 404, 404, 404, 200, 200, 200, 404, 404, 404, 404),
    # The edition: curators edit its public side (its rules read-only); the rules change is the
    # secretariat's alone.
    ("{edition}", LOGIN, 200, 403, 403, 200, 200, 403, 403, 403, 403, 403),
    ("/admin/hautes_etudes/edition/add/", LOGIN, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403),
    ("{edition_rules}", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    # The confirm-or-decline page opens with its signed link alone (no session, no login).
    ("{he_place}", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Answers to calls: the scientific secretariat; the scientific committee through reviews.
    (f"{CP}/", LOGIN, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403),
    ("{call}", LOGIN, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403),
    ("{call_file}", LOGIN, 404, 404, 404, 200, 404, 404, 200, 404, 404, 404),
    ("/admin/research/callreview/", LOGIN, 403, 403, 403, 200, 403, 403, 200, 200, 403, 200),
    ("{call_review}", LOGIN, 403, 403, 403, 200, 403, 403, 200, 200, 403, NO_SUCH),
    (f"{CP}/classement/", LOGIN, 404, 404, 404, 200, 404, 404, 200, 404, 404, 404),
    (f"{CP}/courriels/", LOGIN, 404, 404, 404, 200, 404, 404, 200, 404, 404, 404),
    ("{call_review_file}", LOGIN, 404, 404, 404, 200, 404, 404, 200, 200, 404, 404),
    ("{call_edit}", LOGIN, 200, 200, 403, 200, 403, 403, 200, 403, 403, 403),
    ("/admin/research/call/add/", LOGIN, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403),
    ("{call_rules}", LOGIN, 404, 404, 404, 200, 404, 404, 200, 404, 404, 404),
    # The applicant's pages need their own session (opened by the emailed link).
    ("/hautes-etudes/candidater/suivi/", *[LOGIN] * len(ROLES)),
    ("/recherche/appels/c/candidater/recapitulatif/", *[LOGIN] * len(ROLES)),
]


def client_for(role, client, objects):
    if role == "anonymous":
        return client
    if role == "superuser":
        verified_login(client, UserFactory(superuser=True))
        return client
    if role in GROUPS:
        from django.contrib.auth import get_user_model

        verified_login(client, get_user_model().objects.get(username=role))
        return client
    verified_login(client, UserFactory(staff=True))
    return client


def expand(url, objects):
    he, call = objects["he"], objects["call"]
    return url.format(
        he=f"{HE}/{he.pk}/change/",
        he_file=f"{HE}/{he.pk}/fichiers/{he.attachments.get().pk}/",
        he_review=f"/admin/hautes_etudes/review/{he.reviews.get().pk}/change/",
        call=f"{CP}/{call.pk}/change/",
        call_file=f"{CP}/{call.pk}/fichiers/{call.attachments.get().pk}/",
        call_review=f"/admin/research/callreview/{call.reviews.get().pk}/change/",
        he_review_file=(
            f"/admin/hautes_etudes/review/{he.reviews.get().pk}/fichiers/{he.attachments.get().pk}/"
        ),
        call_review_file=(
            f"/admin/research/callreview/{call.reviews.get().pk}/fichiers/"
            f"{call.attachments.get().pk}/"
        ),
        he_place=f"/hautes-etudes/candidater/place/{he.signed('place')}/",
        edition=f"/admin/hautes_etudes/edition/{he.parent_id}/change/",
        edition_rules=f"/admin/hautes_etudes/edition/{he.parent_id}/regles/",
        call_edit=f"/admin/research/call/{call.parent_id}/change/",
        call_rules=f"/admin/research/call/{call.parent_id}/regles/",
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_as_expected_for_each_role(client, objects, role):
    client = client_for(role, client, objects)
    column = ROLES.index(role) + 1
    answers = {}
    for row in MATRIX:
        response = client.get(expand(row[0], objects))
        answers[row[0]] = response.status_code
        if response.streaming:
            b"".join(response.streaming_content)  # read downloads to the end: closes the file
    assert answers == {row[0]: row[column] for row in MATRIX}


def test_applications_cannot_be_reached_by_guessing(client, objects):
    """Neither a reference, a primary key nor a made-up link opens an application."""
    he, call = objects["he"], objects["call"]
    for path in [
        "/hautes-etudes/candidater/reprendre/HE-2027-0001/",
        f"/hautes-etudes/candidater/reprendre/{he.pk}/",
        "/hautes-etudes/candidater/reprendre/" + "a" * 43 + "/",
        "/recherche/appels/c/candidater/reprendre/AAP-2027-0001/",
        f"/hautes-etudes/accord-employeur/{he.pk}/",
        f"/hautes-etudes/candidater/place/{he.pk}/",
        f"/hautes-etudes/candidater/reprendre/{call.signed('resume')}/",  # another pillar's
        f"/{he.attachments.get().file.name}",
        f"/media/{call.attachments.get().file.name}",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.get("/hautes-etudes/candidater/suivi/").status_code == 302


def test_guessing_a_draft_by_its_id_or_file_name_reveals_nothing(client, objects):
    draft = objects["draft"]
    for path in [
        f"/ressources/{draft.pk}/",
        f"/{draft.file.name}",
        f"/media/{draft.file.name}",
        f"/static/{draft.file.name}",
        f"/private/{draft.file.name}",
    ]:
        assert client.get(path).status_code == 404


def test_curators_may_edit_the_agenda_and_read_feedback():
    from django.contrib.auth.models import Group

    curators = set(
        Group.objects.get(name="Curateurs").permissions.values_list("codename", flat=True)
    )
    assert {
        "add_event",
        "change_event",
        "view_feedback",
        "view_dataset",
        "change_indicator",
    } <= curators
    readers = set(
        Group.objects.get(name="Lecture seule").permissions.values_list("codename", flat=True)
    )
    assert "view_event" in readers and "change_event" not in readers


# --- The « averages before scoring » rule and per-member conflicts, both pillars ------------
PILLARS = {
    "he": ("hautes_etudes", "review", "selection_committee", "selection_committee_other", HE),
    "call": ("research", "callreview", "research_committee", "research_committee_other", CP),
}


def _member(role):
    from django.contrib.auth import get_user_model

    client = Client()
    verified_login(client, get_user_model().objects.get(username=role))
    return client


def _criteria(application):
    from hautes_etudes.models import Criterion
    from research.calls.models import CallCriterion

    if application.REFERENCE_PREFIX == "HE":
        return [
            Criterion.objects.create(edition=application.parent, name="Parcours", weight=2),
            Criterion.objects.create(edition=application.parent, name="Motivation", weight=1),
        ]
    return [
        CallCriterion.objects.create(call=application.parent, name="Qualité", weight=2),
        CallCriterion.objects.create(call=application.parent, name="Faisabilité", weight=1),
    ]


def _colleague_scored(application, role, *, score=16, conflict=False):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    return application.reviews.create(
        reviewer=get_user_model().objects.get(username=role),
        has_conflict=conflict,
        declared_at=timezone.now(),
        score=None if conflict else score,
        scored_at=None if conflict else timezone.now(),
    )


@pytest.mark.parametrize("pillar", PILLARS)
def test_a_member_sees_no_colleague_score_before_scoring(objects, pillar):
    app_label, review_name, member, colleague, _list = PILLARS[pillar]
    application = objects[pillar]
    criteria = _criteria(application)
    _colleague_scored(application, colleague)
    review = application.reviews.get(reviewer__username=member)
    client = _member(member)
    url = f"/admin/{app_label}/{review_name}/{review.pk}/change/"
    for before in (client.get(url), client.get(f"/admin/{app_label}/{review_name}/")):
        html = unescape(before.content.decode())
        assert before.status_code == 200 and "16,00" not in html and "16.00" not in html
    assert "Visible une fois votre évaluation enregistrée." in unescape(
        client.get(url).content.decode()
    )
    assert "/classement/" not in client.get("/admin/").content.decode()
    scored = client.post(
        url, {f"score_{criteria[0].pk}": "5", f"score_{criteria[1].pk}": "5", "comment": ""}
    )
    assert scored.status_code == 302
    assert "18,00 /20 sur 2 évaluation(s)" in unescape(client.get(url).content.decode())


@pytest.mark.parametrize("pillar", PILLARS)
def test_a_member_with_a_conflict_never_sees_the_averages(objects, pillar):
    app_label, review_name, member, colleague, _list = PILLARS[pillar]
    application = objects[pillar]
    _criteria(application)
    application.reviews.filter(reviewer__username=member).update(has_conflict=True)
    _colleague_scored(application, colleague)
    review = application.reviews.get(reviewer__username=member)
    response = _member(member).get(f"/admin/{app_label}/{review_name}/{review.pk}/change/")
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "16,00" not in html and "moyenne du comité" not in html


@pytest.mark.parametrize("pillar", PILLARS)
def test_one_members_conflict_removes_nothing_from_the_ranking(objects, pillar):
    _app, _review, member, colleague, listing = PILLARS[pillar]
    application = objects[pillar]
    application.reviews.filter(reviewer__username=member).update(has_conflict=True)
    _colleague_scored(application, colleague, score=14)
    secretariat = "selection_secretariat" if pillar == "he" else "research_secretariat"
    ranking = unescape(_member(secretariat).get(f"{listing}/classement/").content.decode())
    assert application.reference in ranking and "14,00" in ranking


# --- The rules of a selection: the secretariat's, locked once a review is assigned ----------
RULES = {
    "he": ("/admin/hautes_etudes/edition", "selection_secretariat", "criteres"),
    "call": ("/admin/research/call", "research_secretariat", "criteres"),
}


def change_form_data(response):
    """What the browser would post back from an admin change page, unchanged."""
    from django import forms

    context = response.context
    data = {}
    bound = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        )
        bound += formset.forms
    for form in bound:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [getattr(v, "pk", v) for v in value]
            elif value is not None:
                data[key] = getattr(value, "pk", value)
    return data


@pytest.mark.parametrize("pillar", RULES)
@pytest.mark.parametrize("role", ["curator", "secretariat_once_assigned"])
def test_rules_cannot_be_changed_on_the_ordinary_page(objects, pillar, role):
    """A curator never changes a criterion's weight or blind review; the secretariat does not
    either once a review is assigned (the objects hold one), except through the rules page."""
    listing, secretariat, prefix = RULES[pillar]
    parent = objects[pillar].parent
    criterion = _criteria(objects[pillar])[0]
    parent.blind_review = True
    parent.save()
    client = _member("curator" if role == "curator" else secretariat)
    url = f"{listing}/{parent.pk}/change/"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="blind_review"' not in html and f'name="{prefix}-0-weight"' not in html
    data = change_form_data(page)
    data.update({f"{prefix}-0-weight": "9", "blind_review": "", "eligibility": "Changée."})
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    parent.refresh_from_db()
    criterion.refresh_from_db()
    assert parent.eligibility == "Changée."  # the page saved what it may
    assert parent.blind_review is True and criterion.weight == 2


@pytest.mark.parametrize("pillar", RULES)
def test_the_secretariat_changes_the_rules_with_a_reason_and_the_committee_is_told(objects, pillar):
    from applications.models import RulesChange
    from core.models import OutboxMessage

    listing, secretariat, prefix = RULES[pillar]
    application = objects[pillar]
    parent = application.parent
    criteria = _criteria(application)
    member = application.reviews.get()
    member.scores = {str(criteria[0].pk): 5, str(criteria[1].pk): 0}
    member.score = member.weighted_score(criteria)  # (20×2 + 0×1) / 3
    member.scored_at = member.declared_at
    member.save()
    assert str(member.score) == "13.33"
    client = _member(secretariat)
    url = f"{listing}/{parent.pk}/regles/"
    assert "Modifier les règles" in client.get(f"{listing}/{parent.pk}/change/").content.decode()
    page = client.get(url)
    data = change_form_data_plain(page)
    data.update({f"{prefix}-1-weight": "3", "blind_review": "on"})
    refused = client.post(url, data)
    assert "Indiquez le motif de la modification." in unescape(refused.content.decode())
    assert not RulesChange.objects.exists()
    data["reason"] = "Le comité a demandé de renforcer la motivation."
    OutboxMessage.objects.all().delete()
    done = client.post(url, data)
    assert done.status_code == 302
    parent.refresh_from_db()
    member.refresh_from_db()
    assert parent.blind_review is True
    assert str(member.score) == "8.00"  # (20×2 + 0×3) / 5
    change = RulesChange.objects.get()
    assert change.by.username == secretariat and change.reason.startswith("Le comité")
    blind_label = capfirst(type(parent)._meta.get_field("blind_review").verbose_name)
    assert change.changes.splitlines() == [
        f"{blind_label} : non → oui",
        f"{criteria[1].name}, pondération : 1,00 → 3",
    ]
    mail = OutboxMessage.objects.get()
    assert mail.recipients == [member.reviewer.email]
    assert "Le comité a demandé de renforcer la motivation." in mail.body_text
    assert "Règles de la sélection modifiées" in mail.subject
    assert change.reason in unescape(client.get(f"{listing}/{parent.pk}/change/").content.decode())


def change_form_data_plain(response):
    """What the browser would post back from the rules page (a plain form and formsets)."""
    from django import forms

    context = response.context
    data = {}
    bound = [context["form"]]
    for _title, formset in context["formsets"]:
        data.update(
            {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        )
        bound += formset.forms
    for form in bound:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(field, forms.SplitDateTimeField) or hasattr(value, "hour"):
                data[key] = value.isoformat(sep=" ") if hasattr(value, "isoformat") else value
            elif value is not None:
                data[key] = getattr(value, "pk", value)
    return data


def test_each_secretariat_reads_the_mail_of_its_own_pillar_only(objects):
    from core.emails import send_templated_email

    for application in (objects["he"], objects["call"]):
        send_templated_email(
            to=application.email,
            template_prefix="applications/email/acknowledgement",
            context={"application": application, "title": "T", "link": "/"},
        )
    send_templated_email(
        to="quelquun@example.fr",
        template_prefix="applications/email/acknowledgement",
        context={"application": objects["he"], "title": "T", "link": "/"},
    )
    he = unescape(_member("selection_secretariat").get(f"{HE}/courriels/").content.decode())
    call = unescape(_member("research_secretariat").get(f"{CP}/courriels/").content.decode())
    assert "a@example.fr" in he and "b@example.fr" not in he and "quelquun" not in he
    assert "b@example.fr" in call and "a@example.fr" not in call
    assert "Candidature HE-2027-0001 bien reçue" in he
    assert "Suivre ma candidature" not in he  # no body: applicants' links stay theirs
