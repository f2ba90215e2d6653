"""The back office as each role: moves as buttons through transition(), bulk actions, the
moderation queue, revisions (edit twice, compare, restore)."""

import html

import pytest
from django.urls import reverse
from reversion.models import Version

from core.models import OutboxMessage
from editorial.status import EditorialStatus as S
from resources.models import Resource
from tests.editorial.conftest import member, practice, proposal, question
from tests.factories import ResourceFactory
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:editorial_moderation")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def move_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_move", args=[obj.pk])


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        ("redacteur", []),
        ("relecteur", ["take_up", "request_changes"]),
        ("editeur", ["take_up", "request_changes", "reject", "publish"]),
    ],
)
def test_change_form_shows_only_the_moves_of_the_role(client, role, buttons):
    resource = proposal()
    verified_login(client, member(role))
    response = client.get(change_url(resource))
    assert response.status_code == 200
    assert [m.name for m in response.context["editorial_moves"]] == buttons
    page = html.unescape(response.content.decode())
    assert "État éditorial : Proposée" in page
    assert 'name="status"' not in page  # read-only


def test_reviewer_sends_back_with_a_message_and_the_contributor_is_told(client, contributor):
    resource = proposal(contributor=contributor)
    verified_login(client, member("relecteur"))
    response = client.post(
        move_url(resource), {"move": "request_changes", "message": "Ajoutez une source."}
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == S.CHANGES_REQUESTED
    mail = OutboxMessage.objects.get(kind="editorial.state_changed")
    assert mail.recipients == [contributor.email]
    assert "Ajoutez une source." in mail.body_text
    assert "À revoir" in mail.subject


def test_a_move_without_its_message_is_refused_with_a_french_message(client):
    resource = proposal()
    verified_login(client, member("editeur"))
    response = client.post(move_url(resource), {"move": "reject", "message": ""}, follow=True)
    assert response.status_code == 200
    assert "demande un message" in html.unescape(response.content.decode())
    assert Resource.objects.get(pk=resource.pk).status == S.PROPOSED


def test_writer_cannot_publish_even_by_posting_the_move(client):
    resource = proposal()
    verified_login(client, member("redacteur"))
    assert client.post(move_url(resource), {"move": "publish"}).status_code == 403
    assert Resource.objects.get(pk=resource.pk).status == S.PROPOSED


def test_editor_publishes_a_practice_and_a_question_from_their_forms(client):
    verified_login(client, member("editeur"))
    for obj in (practice(), question()):
        assert client.get(change_url(obj)).status_code == 200
        client.post(move_url(obj), {"move": "publish"})
        obj.refresh_from_db()
        assert obj.status == S.PUBLISHED


def test_bulk_actions_are_the_moves_of_the_table_with_the_message_field(client):
    resources = [proposal(title=f"R{i}") for i in range(3)]
    verified_login(client, member("relecteur"))
    changelist = reverse("admin:resources_resource_changelist")
    actions = dict(client.get(changelist).context["action_form"].fields["action"].choices)
    assert "request_changes" in actions and "publish" not in actions

    client.post(
        changelist,
        {
            "action": "request_changes",
            "message": "Merci de compléter.",
            "_selected_action": [r.pk for r in resources],
        },
    )
    assert set(Resource.objects.values_list("status", flat=True)) == {S.CHANGES_REQUESTED}


def test_moderation_queue_lists_every_kind_flags_the_late_and_filters(client, region):
    departement = region.children.first() if hasattr(region, "children") else None
    proposal(title="Vieille ressource", days=12)
    practice(title="Pratique du Nord", territory=region, days=2)
    question(title="Question récente")
    ResourceFactory(title="Publiée")
    verified_login(client, member("relecteur"))

    response = client.get(QUEUE)
    assert response.status_code == 200
    titles = [str(row["obj"]) for row in response.context["rows"]]
    assert titles[0] == "Vieille ressource" and set(titles) == {
        "Vieille ressource",
        "Pratique du Nord",
        "Question récente",
    }
    assert [row["late"] for row in response.context["rows"]].count(True) == 1
    assert "en retard" in response.content.decode()

    def filtered(**query):
        return [str(r["obj"]) for r in client.get(QUEUE, query).context["rows"]]

    assert filtered(age="late") == ["Vieille ressource"]
    assert filtered(type="resources.practice") == ["Pratique du Nord"]
    assert filtered(territoire=region.pk) == ["Pratique du Nord"]
    assert filtered(type="nimporte", age="quoi") == titles  # bad input: no filter, no 500
    del departement


def test_moderation_queue_is_closed_to_writers(client):
    verified_login(client, member("redacteur"))
    assert client.get(QUEUE).status_code == 403


def test_moderation_queue_query_count_is_constant(client, django_assert_max_num_queries):
    verified_login(client, member("editeur"))
    proposal(title="Une")
    client.get(QUEUE)
    with django_assert_max_num_queries(30) as first:
        assert client.get(QUEUE).status_code == 200
    for i in range(15):
        proposal(title=f"R{i}", days=i)
        practice(title=f"P{i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(QUEUE)
    assert response.status_code == 200 and len(response.context["rows"]) == 31


def test_edit_twice_compare_and_restore(client):
    editor = member("editeur")
    verified_login(client, editor)
    resource = ResourceFactory(title="Premier titre", summary="Premier résumé.", status=S.DRAFT)
    form = client.get(change_url(resource)).context["adminform"].form
    data = {
        name: value
        for name, value in {**form.initial}.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "title": "Deuxième titre",
            "publication_date_0": "2026-01-02",
            "publication_date_1": "10:00:00",
            "feedback-TOTAL_FORMS": 0,
            "feedback-INITIAL_FORMS": 0,
            "themes": [],
            "audiences": [],
            "territories": [],
            "related": [],
        }
    )
    data.pop("file", None)
    data.pop("publication_date", None)
    response = client.post(change_url(resource), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    data["title"] = "Troisième titre"
    assert client.post(change_url(resource), data).status_code == 302

    versions = list(Version.objects.get_for_object(resource).order_by("pk"))
    assert [v.field_dict["title"] for v in versions] == [
        "Premier titre",
        "Deuxième titre",
        "Troisième titre",
    ]
    history = client.get(reverse("admin:resources_resource_history", args=[resource.pk]))
    assert history.status_code == 200
    compare = client.get(
        reverse("admin:resources_resource_compare", args=[resource.pk]),
        {"version_id1": versions[0].pk, "version_id2": versions[2].pk},
    )
    assert compare.status_code == 200
    page = compare.content.decode()
    assert "Premier titre" in page and "Troisième titre" in page

    workflow_move = client.post(move_url(resource), {"move": "publish"})
    assert workflow_move.status_code == 302
    restore = reverse("admin:resources_resource_revision", args=[resource.pk, versions[0].pk])
    assert "Restaurer cette version" in client.get(restore).content.decode()
    assert client.post(restore).status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.status) == ("Premier titre", S.PUBLISHED)  # state kept
    assert Version.objects.get_for_object(resource).count() == 5  # 3 edits, publish, restore


def test_a_reader_cannot_restore_nor_compare_another_model(client):
    resource = ResourceFactory()
    version = Version.objects.get_for_object(resource).first()
    verified_login(client, member("relecteur"))
    restore = reverse("admin:resources_resource_revision", args=[resource.pk, version.pk])
    assert client.get(restore).status_code == 200
    reader = member("contributeur")
    reader.is_staff = True
    reader.save()
    verified_login(client, reader)
    assert client.get(restore).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "admin:editorial_editorialevent_changelist",
        "admin:resources_editorscope_changelist",
        "admin:resources_editorscope_add",
        "admin:research_fieldquestion_changelist",
        "admin:research_fieldquestion_add",
        "admin:resources_practice_add",
        "admin:resources_event_add",
    ],
)
def test_superuser_opens_the_editorial_screens(admin_client, url):
    proposal()
    assert admin_client.get(reverse(url)).status_code == 200


def test_the_admin_index_links_the_queue_for_reviewers_only(client):
    verified_login(client, member("relecteur"))
    assert QUEUE in client.get(reverse("admin:index")).content.decode()
    verified_login(client, member("redacteur"))
    assert QUEUE not in client.get(reverse("admin:index")).content.decode()
