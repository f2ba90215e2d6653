"""The secretariat's application lists at 1280 px in Chromium: the five columns that matter all
on screen (nothing to scroll sideways) and the selection links clear of the title, on both
pillars; a committee member's index links no ranking."""

import pytest

from core.roles import CALLS, CYCLE
from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Edition
from research.calls.demo import load_calls_demo
from research.calls.models import Call, CallApplication
from tests.browser.test_selection_roles import _log_in, _member, _submitted

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
WIDTH = 1280
LONG_TITLE = (
    "Recherche-action participative avec les personnes accompagnées et les professionnels "
    "de la protection de l'enfance en territoire rural : pratiques, savoirs et coopérations"
)


def _overflow(page):
    """How far the list's table goes past its container and past the window, in pixels."""
    return page.evaluate(
        """() => {
            const table = document.querySelector('#result_list');
            const box = table.closest('.results') || table.parentElement;
            const last = table.querySelector('thead th:last-child').getBoundingClientRect();
            const title = document.querySelector('#content h1');
            const range = document.createRange();
            range.selectNodeContents(title);
            const tools = document.querySelector('.object-tools').getBoundingClientRect();
            return {
                table: Math.round(table.getBoundingClientRect().width),
                container: Math.round(box.clientWidth),
                scroll: box.scrollWidth - box.clientWidth,
                lastRight: Math.round(last.right),
                titleRight: Math.round(range.getBoundingClientRect().right),
                toolsLeft: Math.round(tools.left),
                headers: [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()),
            };
        }"""
    )


def test_both_lists_fit_1280_px_with_their_five_columns(live_server, browser):
    load_hautes_etudes_demo()
    load_calls_demo()
    edition = Edition.objects.current()
    for n in range(1, 4):
        application = _submitted(edition, n)
        application.last_name = "de La Tour-Martin-Dupont-Vasseur"
        application.first_name = "Marie-Géraldine"
        application.save()
    call = Call.objects.first()
    CallApplication.objects.create(
        parent=call,
        email="long@example.fr",
        token_hash="c" * 64,
        status="submitted",
        reference="AAP-2099-0001",
        sequence=9001,
        project_title=LONG_TITLE,
        lead_name="Nadia Benali",
        lab_name="Laboratoire interdisciplinaire des solidarités et du travail social",
        amount_requested=120000,
    )
    secretariats = [
        (_member("sec-cycle", CYCLE.secretariat, "Sonia", "Martin"), "hautes_etudes/application"),
        (_member("sec-aap", CALLS.secretariat, "Paul", "Renard"), "research/callapplication"),
    ]
    measured = {}
    for user, listing in secretariats:
        context, page = _log_in(browser, live_server.url, user)
        page.set_viewport_size({"width": WIDTH, "height": 800})
        page.goto(f"{live_server.url}/admin/{listing}/")
        measured[listing] = _overflow(page)
        context.close()
    for listing, box in measured.items():
        assert box["toolsLeft"] >= box["titleRight"], (listing, box)  # no overlap
        assert box["scroll"] <= 0 and box["lastRight"] <= WIDTH, (listing, box)
        assert box["headers"][-3:] == ["Statut", "Moyenne /20", "Évaluations"], box


def test_a_member_sees_no_ranking_link(live_server, browser):
    member = _member("membre-x", CYCLE.committee, "Claire", "Durand")
    context, page = _log_in(browser, live_server.url, member)
    assert page.locator("a[href*='/classement/']").count() == 0
    assert page.locator("a[href*='/composition/']").count() == 0
    context.close()
