import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db.models import Max
from pypdf import PdfReader

from applications.models import ApplicationStatus as S
from core.uploads import PDF, PDF_ONLY, validate_upload
from research.calls.demo import load_calls_demo, load_selection_demo
from research.calls.models import Call, CallApplication, CallAttachment, CallReview
from research.calls.views import portal as call_portal
from research.demo import load_research_demo
from research.models import (
    ContractOffer,
    Lab,
    Project,
    ProjectContributor,
    Publication,
    PublicationContributor,
    Researcher,
)
from resources.models import SearchEntry

pytestmark = pytest.mark.django_db
MODELS = [
    Lab,
    Researcher,
    Project,
    ProjectContributor,
    Publication,
    PublicationContributor,
    ContractOffer,
]


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS
    } | {
        "updated": Publication.objects.aggregate(last=Max("updated_at"))["last"],
        "entries": SearchEntry.objects.count(),
    }


def test_demo_is_idempotent_and_rich_enough(client):
    load_research_demo()
    first = snapshot()
    load_research_demo()

    assert snapshot() == first
    assert Publication.objects.public().count() == 23
    assert ContractOffer.objects.open().count() == 3
    assert (
        Lab.objects.filter(region__name="Occitanie", themes__slug="protection-de-lenfance").count()
        == 3
    )
    response = client.get("/recherche/laboratoires/?region=occitanie&theme=protection-de-lenfance")
    assert response.context["page_obj"].paginator.count == 3
    for url in [
        "/recherche/",
        "/recherche/publications/",
        "/recherche/projets/",
        "/recherche/contrats/",
        Publication.objects.first().get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200
    assert client.get("/rechercher/?q=pair-aidance").context["page_obj"].paginator.count > 0


def call_snapshot():
    rows = {}
    for model in (CallApplication, CallReview, CallAttachment):
        fields = [f.attname for f in model._meta.concrete_fields]
        rows[model.__name__] = sorted(model.objects.values_list(*fields))
    return rows


def test_call_selection_demo_has_named_projects_in_every_status(settings):
    settings.DEBUG = True
    load_research_demo()
    load_calls_demo()
    load_selection_demo()
    call = Call.objects.get(slug="recherches-actions-participatives-2026")
    applications = CallApplication.objects.filter(parent=call)
    first = call_snapshot()

    summary = load_selection_demo()

    assert summary == "0 candidature(s) de démonstration créée(s), 11 au total"
    assert call_snapshot() == first
    # every status a call uses (a call confirms no place)
    assert set(applications.values_list("status", flat=True)) == set(S.values) - {S.CONFIRMED}
    submitted = applications.exclude(status=S.DRAFT)
    for application in submitted:
        assert call_portal.flow.problems(application) == [], application.email
        assert application.project_title and "démonstration" not in application.project_title
        assert application.lab_name and application.lead_name
        assert 0 < application.amount_requested <= call.max_amount
        slots = set(application.attachments.values_list("slot", flat=True))
        assert {"project_file", "cvs"} <= slots
        for attachment in application.attachments.all():
            with attachment.file.open("rb") as handle:
                content = handle.read()
            assert validate_upload(ContentFile(content, name="p.pdf"), allowed=PDF_ONLY) == PDF
            text = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
            assert application.project_title[:30] in text
    assert submitted.exclude(lab=None).count() == 7
    assert len(set(submitted.values_list("project_title", flat=True))) == submitted.count()
    accepted = submitted.filter(status=S.ACCEPTED)
    assert sum(a.amount_requested for a in accepted) == Decimal("142500")
    criteria = list(call.criteria.all())
    for username in ("demo-comite-aap-1", "demo-comite-aap-2"):
        scored = CallReview.objects.filter(reviewer__username=username).exclude(score=None)
        assert scored.count() >= 6
        assert all(r.score == r.weighted_score(criteria) and r.comment for r in scored)
    assert CallReview.objects.filter(has_conflict=True).count() == 1
