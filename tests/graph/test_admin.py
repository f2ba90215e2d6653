"""Editors link records from either side in the back-office, searching as they type among the
published records only, with the right permission only (editorial/graph_admin.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.forms import MultiWidget
from django.urls import reverse

from editorial.models import Link
from tests.factories import PublicationFactory, UserFactory
from tests.graph.conftest import make_event, make_question
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db

SEARCH = "admin:editorial_link_search"


def editor(*codenames):
    user = UserFactory(staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def linker(client):
    verified_login(
        client,
        editor("add_link", "change_link", "delete_link", "view_link", "change_event", "view_event"),
    )
    return client


def search(client, model, side, term=""):
    app_label, model_name = model.split(".")
    return client.get(
        reverse(SEARCH),
        {"app_label": app_label, "model_name": model_name, "field_name": side, "term": term},
    )


def test_search_offers_only_published_records_with_the_kind_of_link(linker, web):
    make_question(title="Comment garder un brouillon ?", status="draft")

    response = search(linker, "resources.practice", "source", "garder")

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "id": f"practice_from_question:{web.question.pk}",
                "text": f"Issue de — {web.question.title} (question de terrain)",
            }
        ],
        "pagination": {"more": False},
    }


def test_search_from_the_receiving_side_offers_the_sources(linker, web):
    response = search(linker, "resources.event", "target", "protection")

    assert [r["id"] for r in response.json()["results"]] == [
        f"publication_event:{web.publication.pk}"
    ]


def test_search_is_refused_to_staff_without_the_permission(client, web):
    verified_login(client, editor("change_event", "view_event"))

    assert search(client, "resources.practice", "source", "garder").status_code == 403


def test_search_sends_anonymous_visitors_to_the_login(client, web):
    response = search(client, "resources.practice", "source", "garder")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_search_refuses_a_model_outside_the_graph(linker):
    assert search(linker, "auth.user", "source", "a").status_code == 400


def _post_data(response):
    """The change form's POST data as the browser would send it, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(field.widget, MultiWidget):  # a date and a time, say
            for i, (widget, part) in enumerate(
                zip(field.widget.widgets, field.widget.decompress(value), strict=True)
            ):
                data[f"{name}_{i}"] = widget.format_value(part) or ""
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for subform in formset.initial_forms:
            for name in subform.fields:
                value = subform[name].value()
                if value not in (None, False):
                    data[subform.add_prefix(name)] = str(value)
    return data


RECEIVED = "editorial-link-target_type-target_id"  # the inline of the links a record receives


def add_row(data, value, prefix=RECEIVED):
    """Fill the inline's empty row (after the links already there) with `value`."""
    data[f"{prefix}-{data[f'{prefix}-INITIAL_FORMS']}-neighbour"] = value
    return data


def test_an_editor_links_a_publication_from_the_events_side(linker, web):
    event = make_event(title="Colloque de Roubaix")
    publication = PublicationFactory(title="Les jeunes majeurs")
    url = reverse("admin:resources_event_change", args=[event.pk])
    page = linker.get(url)
    html = page.content.decode()
    assert 'class="admin-autocomplete"' in html
    assert f'data-ajax--url="{reverse(SEARCH)}"' in html
    data = add_row(_post_data(page), f"publication_event:{publication.pk}")

    response = linker.post(url, data)

    assert response.status_code == 302, [
        response.context["adminform"].form.errors,
        *(i.formset.errors for i in response.context["inline_admin_formsets"]),
    ]
    link = Link.objects.get(kind="publication_event", target_id=event.pk)
    assert (link.source, link.target) == (publication, event)
    assert publication.title in linker.get(event.get_absolute_url()).content.decode()


def test_an_editor_cannot_link_an_unpublished_record(linker, web):
    event = make_event(title="Colloque de Roubaix")
    hidden = PublicationFactory(title="Pas encore visible", is_public=False)
    url = reverse("admin:resources_event_change", args=[event.pk])
    data = add_row(_post_data(linker.get(url)), f"publication_event:{hidden.pk}")

    response = linker.post(url, data)

    assert response.status_code == 200
    assert "seules les fiches publiées peuvent être liées" in response.content.decode()
    assert not Link.objects.filter(target_id=event.pk)


@pytest.mark.parametrize(
    "value", ["publication_event:abc", "inconnu:1", "practice_from_question:1"]
)
def test_a_forged_value_gets_a_french_error(linker, web, value):
    url = reverse("admin:resources_event_change", args=[web.event.pk])
    data = add_row(_post_data(linker.get(url)), value)

    response = linker.post(url, data)

    assert response.status_code == 200
    assert "Choisissez une fiche dans la liste proposée." in response.content.decode()


def test_the_same_link_twice_is_refused(linker, web):
    url = reverse("admin:resources_event_change", args=[web.event.pk])
    data = add_row(_post_data(linker.get(url)), f"publication_event:{web.publication.pk}")

    response = linker.post(url, data)

    assert response.status_code == 200
    assert "Ce lien existe déjà." in response.content.decode()


def test_the_links_list_opens_for_a_superuser(admin_client, web):
    response = admin_client.get(reverse("admin:editorial_link_changelist"))

    assert response.status_code == 200
    assert "Présentée lors de / Publications présentées" in response.content.decode()
