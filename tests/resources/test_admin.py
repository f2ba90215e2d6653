import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.storage import s3_storage
from resources.models import Resource, ResourceType, SearchEntry
from tests.factories import OrganisationFactory, ResourceFactory, UserFactory
from tests.helpers import verified_login
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "resource",
    "audience",
    "theme",
    "resourcetype",
    "territory",
    "organisation",
    "subscription",
    "searchentry",
]


def staff_in(group_name):
    user = UserFactory(staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.parametrize("model", CHANGELISTS)
def test_superuser_opens_every_changelist_and_add_form(admin_client, model):
    ResourceFactory()
    assert admin_client.get(reverse(f"admin:resources_{model}_changelist")).status_code == 200
    if model not in ("subscription", "searchentry"):
        assert admin_client.get(reverse(f"admin:resources_{model}_add")).status_code == 200


def test_change_form_opens_with_figures(admin_client):
    resource = ResourceFactory()
    response = admin_client.get(reverse("admin:resources_resource_change", args=[resource.pk]))
    assert response.status_code == 200
    assert "0 consultations, 0 téléchargements" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("admin:resources_resource_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_curator_creates_a_resource_with_a_checked_pdf(client):
    curator = staff_in("Curateurs")
    verified_login(client, curator)
    guide = ResourceType.objects.get(slug="guide")
    data = {
        "title": "Fiche VAE",
        "slug": "fiche-vae",
        "resource_type": guide.pk,
        "summary": "Résumé.",
        "body": "<p>Corps</p>",
        "language": "fr",
        "licence": "etalab-2.0",
        "status": "published",
        "publication_date_0": "2026-01-02",
        "publication_date_1": "10:00:00",
        "review_interval_days": 365,
        "tags": "vae, diplôme",
        "file": SimpleUploadedFile("fiche.pdf", b"%PDF-1.7\n...", "application/pdf"),
        "feedback-TOTAL_FORMS": 0,
        "feedback-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:resources_resource_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    resource = Resource.objects.get(slug="fiche-vae")
    assert (resource.created_by, resource.file_mime, resource.file_size) == (
        curator,
        "application/pdf",
        12,
    )
    assert not resource.file.name.endswith("fiche.pdf")  # stored under a random name
    assert SearchEntry.objects.filter(title="Fiche VAE").exists()


def test_fake_pdf_is_refused_with_a_french_message(admin_client):
    guide = ResourceType.objects.get(slug="guide")
    response = admin_client.post(
        reverse("admin:resources_resource_add"),
        {
            "title": "Faux",
            "slug": "faux",
            "resource_type": guide.pk,
            "summary": "R",
            "language": "fr",
            "licence": "etalab-2.0",
            "status": "draft",
            "publication_date_0": "2026-01-02",
            "publication_date_1": "10:00:00",
            "review_interval_days": 365,
            "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
            "feedback-TOTAL_FORMS": 0,
            "feedback-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "n&#x27;est pas d&#x27;un format accepté" in response.content.decode()
    assert not Resource.objects.filter(slug="faux").exists()


def test_readonly_group_can_view_but_not_change(client):
    resource = ResourceFactory()
    verified_login(client, staff_in("Lecture seule"))
    url = reverse("admin:resources_resource_change", args=[resource.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Piraté"}).status_code == 403
    assert client.get(reverse("admin:resources_resource_import")).status_code == 403
    resource.refresh_from_db()
    assert resource.title != "Piraté"


@pytest.mark.parametrize(
    ("action", "status"),
    [("publish", "published"), ("archive", "archived")],
)
def test_bulk_actions_change_status_and_write_history(admin_client, action, status):
    start = "draft" if action == "publish" else "published"
    resources = [ResourceFactory(status=start) for _ in range(3)]

    response = admin_client.post(
        reverse("admin:resources_resource_changelist"),
        {
            "action": action,
            "_selected_action": [r.pk for r in resources],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert set(Resource.objects.values_list("status", flat=True)) == {status}
    assert LogEntry.objects.filter(object_id__in=[str(r.pk) for r in resources]).count() == 3


def test_publishing_keeps_a_future_date_scheduled(admin_client):
    resource = ResourceFactory(draft=True, scheduled=True)
    admin_client.post(
        reverse("admin:resources_resource_changelist"),
        {"action": "publish", "_selected_action": [resource.pk]},
    )
    resource.refresh_from_db()
    assert resource.status == "published"
    assert resource.is_scheduled
    assert not Resource.objects.published().exists()


def test_filters_for_visibility_review_and_broken_links(admin_client):
    ResourceFactory(title="En ligne")
    ResourceFactory(title="Programmée", scheduled=True)
    ResourceFactory(title="Cassée").__class__.objects.filter(title="Cassée").update(
        link_error="Le lien répond 404"
    )
    url = reverse("admin:resources_resource_changelist")

    def titles(query):
        response = admin_client.get(url + query)
        return sorted(r.title for r in response.context["cl"].result_list)

    assert titles("?visibilite=programmee") == ["Programmée"]
    assert titles("?visibilite=visible") == ["Cassée", "En ligne"]
    assert titles("?suivi=lien-casse") == ["Cassée"]


def test_preview_link_for_drafts_and_view_on_site_for_published(admin_client):
    draft = ResourceFactory(draft=True)
    html = admin_client.get(reverse("admin:resources_resource_changelist")).content.decode()
    assert reverse("resources:preview", args=[draft.slug]) in html
    assert admin_client.get(reverse("resources:preview", args=[draft.slug])).status_code == 200


def test_resource_changelist_query_count_is_constant(admin_client, django_assert_max_num_queries):
    ResourceFactory()
    url = reverse("admin:resources_resource_changelist")
    admin_client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(40) as first:
        admin_client.get(url)
    for _ in range(30):
        ResourceFactory(source_organisation=OrganisationFactory())
    with django_assert_max_num_queries(len(first.captured_queries)):
        admin_client.get(url)


def test_history_shows_who_changed_what(admin_client, admin_user):
    resource = ResourceFactory()
    admin_client.post(
        reverse("admin:resources_resource_changelist"),
        {"action": "archive", "_selected_action": [resource.pk]},
    )
    history = admin_client.get(reverse("admin:resources_resource_history", args=[resource.pk]))
    html = history.content.decode()
    assert admin_user.username in html
    assert "Dépublier (archiver)" in html  # the move, as its revision's comment
    assert LogEntry.objects.get().action_time <= timezone.now()


def test_a_file_the_bucket_cannot_take_leaves_a_message_and_no_resource(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            endpoint_url=f"http://127.0.0.1:{free_port()}",  # no bucket answers there
            bucket_name="ints",
            access_key="ints",
            secret_key="secret",
        ),
    }
    verified_login(client, staff_in("Curateurs"))
    data = {
        "title": "Fiche VAE",
        "slug": "fiche-vae",
        "resource_type": ResourceType.objects.get(slug="guide").pk,
        "summary": "Résumé.",
        "body": "<p>Corps</p>",
        "language": "fr",
        "licence": "etalab-2.0",
        "status": "published",
        "publication_date_0": "2026-01-02",
        "publication_date_1": "10:00:00",
        "review_interval_days": 365,
        "file": SimpleUploadedFile("fiche.pdf", b"%PDF-1.7\n...", "application/pdf"),
        "feedback-TOTAL_FORMS": 0,
        "feedback-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:resources_resource_add"), data, follow=True)
    assert response.redirect_chain == [(reverse("admin:resources_resource_add"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Le fichier n'a pas pu être enregistré : le stockage des fichiers est momentanément "
        "indisponible. Rien n'a été modifié ; réessayez dans quelques minutes."
    ]
    assert not Resource.objects.exists()
    assert not SearchEntry.objects.filter(title="Fiche VAE").exists()
