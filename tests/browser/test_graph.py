"""The linked graph in Chromium: detail pages with their neighbours' blocks pass axe-core with
a sound heading structure, and an editor links two records from the back-office with the
search-as-you-type field under the strict CSP (editorial/graph_admin.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.models import Link
from tests.browser.support import assert_clean, assert_clean_load
from tests.browser.test_a11y_audit import check_state
from tests.browser.test_selection_roles import PASSWORD, _log_in
from tests.factories import PublicationFactory
from tests.graph.conftest import linked_records, make_event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_pages_with_neighbours_have_no_axe_violation(live_server, axe_page):
    web = linked_records()
    for obj in [web.practice, web.event, web.publication, web.resource, web.dataset, web.lab]:
        response = axe_page.goto(live_server.url + obj.get_absolute_url())
        assert response.status == 200
        assert axe_page.locator(".ints-neighbours h3").count() >= 1
        check_state(axe_page, obj.get_absolute_url())


def test_an_editor_links_a_publication_from_the_event_by_typing(live_server, browser):
    event = make_event(title="Colloque de Roubaix")
    publication = PublicationFactory(title="Les jeunes majeurs du Nord")
    PublicationFactory(title="Un brouillon des jeunes majeurs", is_public=False)
    user = get_user_model().objects.create_user(
        username="editrice", password=PASSWORD, is_staff=True, email="editrice@example.org"
    )
    codenames = ["add_link", "change_link", "view_link", "change_event", "view_event"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    context, page = _log_in(browser, live_server.url, user)
    assert_clean_load(page, f"{live_server.url}/admin/resources/event/{event.pk}/change/")

    row = page.locator("#editorial-link-target_type-target_id-group")
    row.locator(".select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill("jeunes majeurs")
    wanted = "Publications présentées — Les jeunes majeurs du Nord (publication)"
    page.locator(".select2-results__option", has_text=wanted).wait_for()
    options = page.locator(".select2-container--open .select2-results__option")
    assert options.all_inner_texts() == [wanted]  # not the unpublished draft
    options.first.click()
    with page.expect_navigation():
        page.locator("input[name=_continue]").first.click()

    assert Link.objects.filter(kind="publication_event", source_id=publication.pk).exists()
    problems = page.problems  # select2 cancels the search it replaces as the editor types
    problems.failed_requests = [r for r in problems.failed_requests if "ERR_ABORTED" not in r]
    assert_clean(page)  # no CSP violation, no console error
    context.close()
