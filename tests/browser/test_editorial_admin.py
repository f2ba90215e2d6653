"""The editorial back office in Chromium: an editor signs in with two factors, opens the
moderation queue (a late proposal flagged), sends a proposal back with a message from its
change form; the queue and the change form's moves panel are axe-core clean."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import EDITORS
from editorial.status import EditorialStatus as S
from resources.models import Resource
from tests.browser.support import (
    AXE_JS,
    WCAG_TAGS,
    assert_no_axe_violations,
    format_violations,
    new_axe_page,
    settle,
)
from tests.editorial.conftest import practice, proposal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "mot-de-passe-solide-42"


def _editor():
    user = get_user_model().objects.create_user(
        username="maud", password=PASSWORD, is_staff=True, email="maud@example.org"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def _log_in(page, base, user):
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    device = TOTPDevice.objects.get(user=user)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=token]", f"{code:06d}")
    with page.expect_navigation():
        page.click("input[type=submit]")


def _axe_within(page, selector):
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """([selector, tags]) => axe.run(document.querySelector(selector), {
             runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
           }).then(result => result.violations)""",
        [selector, WCAG_TAGS],
    )


def test_editor_reads_the_queue_and_sends_a_proposal_back(live_server, browser):
    late = proposal(title="Fiche en attente depuis longtemps", days=12)
    practice(title="Pratique récente", days=1)
    context, page = new_axe_page(browser)
    _log_in(page, live_server.url, _editor())

    page.goto(f"{live_server.url}/admin/editorial/editorialevent/file-de-moderation/")
    settle(page)
    assert page.locator("#moderation-queue tbody tr").count() == 2
    assert "en retard" in page.locator("tr.editorial-late").inner_text()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.click("text=Fiche en attente depuis longtemps")
    settle(page)
    # Django's own widgets on the rest of the form (select2, split dates) are not ours.
    violations = _axe_within(page, "#editorial-moves")
    assert not violations, format_violations(violations)
    page.fill("#id_editorial_message", "Merci d'ajouter la source des chiffres.")
    with page.expect_navigation():
        page.click("button[value=request_changes]")
    assert "c'est fait" in page.content()
    assert Resource.objects.get(pk=late.pk).status == S.CHANGES_REQUESTED
    context.close()
