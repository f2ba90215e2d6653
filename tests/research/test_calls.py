"""Calls for projects: states, applying with drafts and a reference, the server's closing time,
the scientific committee's review and decisions, and who reads what."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from applications.models import ApplicationAccess, ApplicationStatus
from applications.workflow import transition
from research.calls.models import Call, CallApplication, CallCriterion, CallDecisionTemplate
from research.calls.models import CallReview as Review
from tests.factories import ProjectFactory, UserFactory
from tests.helpers import sitemap_text, verified_login

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ANSWERS = {
    "projet": {
        "project_title": "Pair-aidance en protection de l'enfance",
        "summary": "Une recherche-action avec trois départements.",
        "schedule": "Année 1 : enquête ; année 2 : ateliers.",
        "duration_months": "24",
    },
    "equipe": {
        "lead_name": "Nadia Benali",
        "lead_role": "Maîtresse de conférences",
        "lab_name": "LERIS — IRTS Hauts-de-France",
        "partners": "ADSEA du Nord",
    },
    "participation": {
        "practitioners": "Co-conception des ateliers.",
        "people_supported": "Un comité de jeunes majeurs.",
    },
    "budget": {"amount_requested": "45000", "budget_breakdown": "Vacations, missions."},
    "consentement": {"consent": "on"},
}


def pdf(name="projet.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def call(db):
    now = timezone.now()
    call = Call.objects.create(
        title="Recherches-actions participatives",
        slug="raps",
        summary="Des recherches.",
        description="Axes.",
        eligibility="Laboratoires.",
        budget=Decimal("500000"),
        max_amount=Decimal("80000"),
        max_duration_months=36,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=5),
        is_published=True,
        blind_review=True,
    )
    CallCriterion.objects.create(call=call, name="Qualité scientifique", weight=2)
    CallCriterion.objects.create(call=call, name="Intérêt pour les pratiques", weight=1)
    return call


@pytest.fixture(autouse=True)
def _many_applicants(settings):
    settings.INTS_APPLICATION_RATE_LIMIT = (1000, 3600)  # many applicants from one test client


def base(call):
    return f"/recherche/appels/{call.slug}/candidater"


def open_link(client, call, email):
    """The start page sends the link; opening it opens the draft in this browser."""
    client.post(f"{base(call)}/", {"email": email})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    client.get(link)
    return link


def apply(client, call, email="nadia@univ.example.fr", *, submit=True):
    open_link(client, call, email)
    for step in ["projet", "equipe", "participation", "budget"]:
        response = client.post(f"{base(call)}/etapes/{step}/", ANSWERS[step])
        assert response.status_code == 302, unescape(response.content.decode())[:2000]
    client.post(f"{base(call)}/etapes/documents/", {"project_file": pdf(), "cvs": pdf("cv.pdf")})
    client.post(f"{base(call)}/etapes/consentement/", ANSWERS["consentement"])
    if submit:
        assert client.post(f"{base(call)}/recapitulatif/").status_code == 302
    return CallApplication.objects.get(email=email)


def test_call_states_and_list(client, call):
    now = timezone.now()
    Call.objects.create(
        title="À venir",
        slug="a-venir",
        summary="…",
        description="…",
        eligibility="…",
        budget=1,
        max_amount=1,
        is_published=True,
        opens_at=now + datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=9),
    )
    Call.objects.create(
        title="Clos",
        slug="clos",
        summary="…",
        description="…",
        eligibility="…",
        budget=1,
        max_amount=1,
        is_published=True,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )
    Call.objects.create(
        title="Brouillon",
        slug="brouillon",
        summary="…",
        description="…",
        eligibility="…",
        budget=1,
        max_amount=1,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=1),
    )

    def titles(query=""):
        response = client.get(f"/recherche/appels/{query}")
        return [c.title for c in response.context["page_obj"].object_list]

    assert set(titles()) == {"Recherches-actions participatives", "À venir", "Clos"}
    assert titles("?etat=ouvert") == ["Recherches-actions participatives"]
    assert titles("?etat=a-venir") == ["À venir"]
    assert titles("?etat=clos") == ["Clos"]
    assert titles("?etat=%00") == titles()
    html = unescape(client.get("/recherche/appels/raps/").content.decode())
    assert "Ouvert" in html and "Déposer un projet" in html
    assert "Déposer un projet" not in unescape(
        client.get("/recherche/appels/clos/").content.decode()
    )
    assert client.get("/recherche/appels/brouillon/").status_code == 404
    assert client.get("/recherche/appels/clos/candidater/").status_code == 200
    assert "ne sont pas ouvertes" in unescape(
        client.get("/recherche/appels/clos/candidater/").content.decode()
    )


def test_lab_applies_with_a_draft_resumed_elsewhere(
    client, call, django_capture_on_commit_callbacks
):
    link = open_link(client, call, "nadia@univ.example.fr")
    client.post(f"{base(call)}/etapes/projet/", ANSWERS["projet"])
    other = Client()
    other.get(link)
    assert "Pair-aidance en protection" in unescape(
        other.get(f"{base(call)}/etapes/projet/").content.decode()
    )
    response = other.post(
        f"{base(call)}/etapes/budget/", {"amount_requested": "95000", "budget_breakdown": "Tout."}
    )
    assert "L'appel finance 80\u202f000\u00a0€ au plus par projet." in unescape(
        response.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(other, call)
    assert application.reference == f"AAP-{call.reference_year}-0001"
    assert application.project_title == "Pair-aidance en protection de l'enfance"
    assert application.amount_requested == Decimal("45000")
    assert any(application.reference in m.subject for m in mail.outbox)


def test_cannot_submit_after_closing_time(client, call):
    apply(client, call, submit=False)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(f"{base(call)}/recapitulatif/")
    assert "clos depuis le" in unescape(response.content.decode())
    assert CallApplication.objects.get().status == ApplicationStatus.DRAFT


def test_scientific_committee_reviews_and_secretariat_decides(call):
    secretary = UserFactory(staff=True)
    secretary.groups.add(Group.objects.get(name="Secrétariat scientifique"))
    member = UserFactory(staff=True)
    member.groups.add(Group.objects.get(name="Comité scientifique"))
    curator = UserFactory(staff=True)
    curator.groups.add(Group.objects.get(name="Curateurs"))
    applications = [apply(Client(), call, email=f"lab{n}@example.fr") for n in range(3)]
    reviews = [Review.objects.create(application=a, reviewer=member) for a in applications]

    committee = Client()
    verified_login(committee, member)
    url = f"/admin/research/callreview/{reviews[0].pk}/change/"
    assert "Nadia Benali" not in unescape(committee.get(url).content.decode())
    committee.post(url, {"has_conflict": "0"})
    page = unescape(committee.get(url).content.decode())
    assert "Un comité de jeunes majeurs." in page and "Nadia Benali" not in page  # blind
    criteria = list(call.criteria.order_by("pk"))
    committee.post(
        url, {f"score_{criteria[0].pk}": "4", f"score_{criteria[1].pk}": "5", "comment": "Solide."}
    )
    reviews[0].refresh_from_db()
    assert str(reviews[0].score) == "17.33"  # (16*2 + 20) / 3
    assert committee.get("/admin/research/callapplication/classement/").status_code == 404
    office = Client()
    verified_login(office, secretary)
    ranking = unescape(office.get("/admin/research/callapplication/classement/").content.decode())
    assert ranking.index(applications[0].reference) < ranking.index(applications[1].reference)

    CallDecisionTemplate.objects.create(
        status="accepted", subject="Projet $reference retenu", body="Bonjour $nom, bravo."
    )
    office.post(
        "/admin/research/callapplication/",
        {"action": "mark_accepted", "_selected_action": [applications[0].pk]},
    )
    mail.outbox = []
    office.post(
        "/admin/research/callapplication/",
        {"action": "send_decision", "_selected_action": [applications[0].pk]},
    )
    assert mail.outbox[0].subject == f"Projet {applications[0].reference} retenu"
    assert "Bonjour Nadia Benali, bravo." in mail.outbox[0].body
    office.get(f"/admin/research/callapplication/{applications[0].pk}/change/")
    assert ApplicationAccess.objects.filter(user=secretary, action="consultation").exists()

    for who in (curator, member):
        client = Client()
        verified_login(client, who)
        response = client.get(f"/admin/research/callapplication/{applications[0].pk}/change/")
        assert response.status_code in (302, 403), who
    assert Client().get("/admin/research/callapplication/").status_code == 302


def test_call_links_to_the_projects_it_funded_and_back(client, call):
    project = ProjectFactory(title="Projet financé", funding_call=call)
    assert "Projet financé" in client.get(call.get_absolute_url()).content.decode()
    assert call.title in unescape(client.get(project.get_absolute_url()).content.decode())


def test_calls_join_search_and_sitemap(client, call):
    response = client.get("/rechercher/?q=recherches-actions+participatives")
    assert call.get_absolute_url() in [e.url for e in response.context["page_obj"].object_list]
    assert call.get_absolute_url() in sitemap_text(client)


def test_list_and_detail_query_counts_are_constant(client, call, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/recherche/appels/")
    for n in range(10):
        Call.objects.create(
            title=f"Appel {n}",
            slug=f"appel-{n}",
            summary="…",
            description="…",
            eligibility="…",
            budget=1,
            max_amount=1,
            is_published=True,
            opens_at=call.opens_at,
            closes_at=call.closes_at,
        )
    with django_assert_max_num_queries(6):
        client.get("/recherche/appels/")
    with django_assert_max_num_queries(8):
        client.get(call.get_absolute_url())


def test_each_decision_on_a_call_sends_one_message_from_the_calls_template(call):
    CallDecisionTemplate.objects.create(
        parent=call, status="rejected", subject="Réponse $reference", body="Bonjour $nom."
    )
    projects = [apply(Client(), call, email=f"labo{n}@univ.example.fr") for n in range(3)]
    mail.outbox = []
    for project, target in zip(projects, ["accepted", "waiting_list", "rejected"], strict=True):
        transition(application=project, to=target, by=None)

    assert [m.to for m in mail.outbox] == [[p.email] for p in projects]
    assert "retenu" in mail.outbox[0].subject and "complémentaire" in mail.outbox[1].subject
    assert mail.outbox[2].subject == f"Réponse {projects[2].reference}"
    for project in projects:
        project.refresh_from_db()
        assert project.decision_sent_at is not None


def test_the_csv_export_of_answers_has_french_headers(call):
    secretary = UserFactory(staff=True)
    secretary.groups.add(Group.objects.get(name="Secrétariat scientifique"))
    application = apply(Client(), call)
    office = Client()
    verified_login(office, secretary)
    response = office.post(
        "/admin/research/callapplication/",
        {"action": "export_csv", "_selected_action": [application.pk]},
    )
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == (
        "Référence;Titre du projet;Porteur du projet;Laboratoire (texte libre);"
        "Montant demandé (€);Statut;Moyenne /20"
    )
    assert rows[1].startswith(f"{application.reference};") and ";Déposée;" in rows[1]
