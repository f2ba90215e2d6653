"""Outbox rows written with the move, the daily summary, the export and the purge."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from core.models import OutboxMessage
from editorial import notifications, workflow
from editorial.models import EditorialEvent
from editorial.status import EditorialStatus as S
from resources.models import EditorScope, Resource
from tests.editorial.conftest import member, practice, proposal, question
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_proposing_tells_the_editors_of_the_territory(contributor, region):
    follows = member("editeur", email="nord@ints.example")
    EditorScope.objects.create(user=follows).territories.add(region)
    member("editeur", email="ailleurs@ints.example")
    EditorScope.objects.create(user=member("editeur", email="autre@ints.example"))
    obj = practice(status=S.DRAFT, territory=region)
    obj.contributor = contributor
    obj.save()

    workflow.transition(obj, "propose", by=contributor)

    mail = OutboxMessage.objects.get(kind="editorial.proposed")
    assert mail.recipients == ["nord@ints.example"]
    assert "Une pratique" in mail.subject
    assert not OutboxMessage.objects.filter(kind="editorial.state_changed").exists()  # own move


def test_without_a_matching_scope_every_editor_is_told(contributor):
    member("editeur", email="e1@ints.example")
    resource = ResourceFactory(status=S.DRAFT, contributor=contributor)
    workflow.transition(resource, "propose", by=contributor)
    assert OutboxMessage.objects.get(kind="editorial.proposed").recipients == ["e1@ints.example"]


def test_the_contributor_hears_of_each_state_with_the_reason(contributor, editor):
    resource = proposal(contributor=contributor)
    workflow.transition(resource, "reject", by=editor, message="Déjà publié ailleurs.")
    mail = OutboxMessage.objects.get(kind="editorial.state_changed")
    assert mail.recipients == [contributor.email]
    assert "Déjà publié ailleurs." in mail.body_text and "Refusée" in mail.subject


def test_a_rolled_back_move_leaves_no_mail(contributor, editor, monkeypatch):
    resource = proposal(contributor=contributor)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(EditorialEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        workflow.transition(resource, "publish", by=editor)
    assert Resource.objects.get(pk=resource.pk).status == S.PROPOSED
    assert not OutboxMessage.objects.exists()


def test_beyond_five_waiting_no_mail_per_proposal_but_a_daily_summary(contributor, editor):
    for i in range(6):
        proposal(title=f"En attente {i}", days=i * 3)
    resource = ResourceFactory(title="La septième", status=S.DRAFT, contributor=contributor)
    workflow.transition(resource, "propose", by=contributor)
    assert not OutboxMessage.objects.filter(kind="editorial.proposed").exists()

    out = StringIO()
    call_command("send_editorial_summary", stdout=out)
    assert "7 proposition(s)" in out.getvalue()
    summary = OutboxMessage.objects.get(kind="editorial.daily_summary")
    assert summary.recipients == [editor.email]
    assert "7 propositions attendent une relecture" in summary.subject
    assert "dont 2 depuis plus de 10 jours" in summary.body_text  # 12 and 15 days
    assert "La septième" in summary.body_text


def test_no_summary_when_five_or_fewer_wait(editor):
    for i in range(5):
        proposal(title=f"P{i}")
    assert notifications.send_daily_summary() == 0
    assert not OutboxMessage.objects.exists()


def test_the_summary_is_scheduled_and_documented():
    from ints_portal import schedules

    assert "send_editorial_summary" in [name for name, _when, _why in schedules.COMMANDS]


def test_export_lists_a_contributors_proposals_with_the_messages(contributor, editor):
    resource = proposal(contributor=contributor, title="Ma fiche")
    workflow.transition(resource, "request_changes", by=editor, message="Ajoutez la date.")
    out = StringIO()
    call_command("export_personal_data", contributor.email.upper(), stdout=out)
    data = json.loads(out.getvalue())
    assert data["contributions"] == [
        {
            "kind": "une ressource",
            "title": "Ma fiche",
            "status": "À revoir",
            "credit_as": "",
            "credit_text": "",
            "submitted_at": resource.submitted_at.isoformat(),
            "messages": ["Ajoutez la date."],
        }
    ]


def test_purge_deletes_unpublished_proposals_after_twelve_months(contributor, editor):
    old = proposal(contributor=contributor, title="Abandonnée", status=S.CHANGES_REQUESTED)
    workflow.record_creation(old, by=editor)
    recent = proposal(contributor=contributor, title="Récente", status=S.WITHDRAWN)
    published = proposal(contributor=contributor, title="Publiée", status=S.PUBLISHED)
    staff_draft = ResourceFactory(title="Brouillon interne", status=S.DRAFT)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Resource.objects.filter(pk__in=[old.pk, published.pk, staff_draft.pk]).update(
        updated_at=long_ago
    )

    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert (
        "Propositions des contributeurs : 1 proposition(s) jamais publiée(s) supprimée(s) "
        "(simulation)." in out.getvalue()
    )
    assert Resource.objects.filter(pk=old.pk).exists()

    call_command("purge_personal_data", stdout=StringIO())
    assert set(Resource.objects.values_list("title", flat=True)) == {
        "Récente",
        "Publiée",
        "Brouillon interne",
    }
    assert not EditorialEvent.objects.filter(object_id=old.pk).exists()
    assert not Version.objects.filter(object_id=str(old.pk)).exists()
    assert recent.pk


def test_publishing_a_contributed_question_tells_its_contributor(contributor, editor):
    obj = question()
    obj.contributor = contributor
    obj.save()
    workflow.transition(obj, "publish", by=editor)
    mail = OutboxMessage.objects.get(kind="editorial.state_changed")
    assert "Publiée" in mail.subject and mail.recipients == [contributor.email]
