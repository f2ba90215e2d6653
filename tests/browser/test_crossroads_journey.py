"""The crossroads, end to end in Chromium (issue 22's « done when »): from the practices page a
professional finds « Proposer une pratique », signs in with ProConnect (a real OpenID Connect
provider, tests/support/oidc.py), proposes a practice with its support (a PDF); an editor
(Éditeurs, two factors) sends it back with a message; the contributor reads it in « Mes
contributions », amends the practice and proposes it again; the editor publishes it; a visitor
then finds it by search and on its territory's page, and downloads its support; the admin
shows its revisions and compares two of them.

Screenshots of each step go to $INTS_JOURNEY_SCREENSHOTS when it is set (the closing notes'
pictures), else to a temporary directory."""

import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from core.roles import EDITORS
from editorial.models import EditorialEvent
from resources.models import Practice, Territory
from tests.browser.support import assert_clean, new_strict_page, settle
from tests.browser.test_questions import _account, _log_in
from tests.support.oidc import (  # noqa: F401  (fixtures)
    PROCONNECT_ACCOUNT,
    oidc_provider,
    oidc_server,
    sign_in_with_proconnect,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data", "oidc_provider"),
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Les permanences mobiles d'accès aux droits à Tourcoing"
REQUEST = "Pouvez-vous préciser combien de personnes ont été reçues la première année ?"


def plain(text):
    """Rendered text with the typography's no-break spaces (before « ? : ; ! ») as spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def shots():
    folder = Path(os.environ.get("INTS_JOURNEY_SCREENSHOTS") or tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def shoot(page, name):
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)

    shoot.taken = taken
    return shoot


def _editor_moves(page, base, practice, move, *, message=""):
    page.goto(f"{base}/admin/resources/practice/{practice.pk}/change/")
    settle(page)
    if message:
        page.fill("#id_editorial_message", message)
    with page.expect_navigation():
        page.click(f"#editorial-moves button[value={move}]")
    settle(page)


def test_a_practice_from_the_field_to_publication(browser, live_server, settings, shots):
    settings.INTS_PAGE_CACHE_SECONDS = 0
    base = live_server.url
    nord = Territory.objects.get(kind="departement", code="59")

    # A professional finds « Proposer une pratique » on the practices page…
    context, page = new_strict_page(browser)
    page.goto(base + "/pratiques-inspirantes/")
    with page.expect_navigation():
        page.get_by_role("link", name="Proposer une pratique").click()
    assert "/connexion/" in page.url  # signing in first, and coming back
    shots(page, "connexion")
    # … signs in with ProConnect…
    sign_in_with_proconnect(page, base, next_path="/contribuer/pratique/")
    if not page.url.endswith("/contribuer/pratique/"):
        page.goto(base + "/contribuer/pratique/")
    settle(page)
    contributor = get_user_model().objects.get(contributor_profile__sub=PROCONNECT_ACCOUNT["sub"])
    assert contributor.contributor_profile.siret == PROCONNECT_ACCOUNT["siret"]

    # … and proposes a practice with its support.
    page.fill("#id_title", TITLE)
    page.fill("#id_problem", "Des habitants renonçaient à leurs droits faute de guichet proche.")
    page.fill("#id_action", "Une permanence itinérante, deux demi-journées par semaine.")
    page.fill("#id_results", "Des dossiers ouverts dès les premiers mois.")
    page.fill("#id_organisation_name", "CCAS de Tourcoing")
    page.select_option("#id_territory", str(nord.pk))
    page.set_input_files(
        "#id_file",
        files=[{"name": "bilan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    page.click("label[for=id_credit_as_2]")  # « Une équipe de… » (the DSFR label is on top)
    page.fill("#id_credit_detail", "la permanence du CCAS de Tourcoing")
    page.click("label[for=id_credit_consent]")
    shots(page, "proposer-une-pratique")
    with page.expect_navigation():
        page.get_by_role("button", name="Proposer à la relecture").click()
    settle(page)
    practice = Practice.objects.get(title=TITLE)
    assert practice.status == "proposed" and practice.contributor == contributor
    assert practice.file and practice.file_mime == "application/pdf"
    # (no assert_clean here: the test provider's own pages load fonts from the internet)
    shots(page, "mes-contributions-proposee")

    # An editor sends it back with a message…
    editor = _account("maud-editrice", EDITORS)
    editor_context, editor_page = _log_in(
        browser, base, editor, "/admin/editorial/editorialevent/file-de-moderation/"
    )
    assert TITLE in editor_page.inner_text("body")
    shots(editor_page, "file-de-moderation")
    _editor_moves(editor_page, base, practice, "request_changes", message=REQUEST)
    practice.refresh_from_db()
    assert practice.status == "changes_requested"

    # … the contributor reads it, amends the practice and proposes it again…
    page.goto(base + "/mes-contributions/")
    settle(page)
    assert REQUEST in plain(page.inner_text("main"))
    shots(page, "mes-contributions-a-revoir")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Modifier et proposer de nouveau « {TITLE} »").click()
    settle(page)
    page.fill("#id_results", "140 personnes reçues la première année, 60 dossiers ouverts.")
    if not page.is_checked("#id_credit_consent"):
        page.click("label[for=id_credit_consent]")
    with page.expect_navigation():
        page.get_by_role("button", name="Proposer à la relecture").click()
    settle(page)
    practice.refresh_from_db()
    assert practice.status == "proposed"

    # … the editor publishes it.
    _editor_moves(editor_page, base, practice, "publish")
    practice.refresh_from_db()
    assert practice.status == "published"
    moves = EditorialEvent.objects.filter(object_id=practice.pk).values_list("target", flat=True)
    assert list(moves) == ["proposed", "changes_requested", "proposed", "published"]

    # A visitor finds it by search and on the Nord's page, and downloads its support.
    visitor_context, visitor = new_strict_page(browser)
    visitor.goto(base + "/rechercher/?q=permanences+mobiles+Tourcoing")
    settle(visitor)
    assert TITLE in visitor.inner_text("main")
    shots(visitor, "recherche")
    visitor.goto(f"{base}/territoires/{nord.slug}/")
    settle(visitor)
    assert TITLE in visitor.inner_text("main")
    shots(visitor, "territoire-nord")
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=TITLE).first.click()
    settle(visitor)
    body = plain(visitor.inner_text("main"))
    assert "140 personnes reçues" in body
    assert "une équipe de la permanence du CCAS de Tourcoing" in body
    assert_clean(visitor)
    shots(visitor, "pratique-publiee")
    download = visitor.request.get(f"{base}/pratiques-inspirantes/{practice.slug}/telecharger/")
    assert download.status == 200 and download.body() == PDF_BYTES

    # The admin shows its revisions and compares the first and the last.
    editor_page.goto(f"{base}/admin/resources/practice/{practice.pk}/history/")
    settle(editor_page)
    shots(editor_page, "historique")
    versions = editor_page.locator("input[name=version_id1]")
    assert versions.count() >= 2
    versions.last.check()  # the first draft…
    editor_page.locator("input[name=version_id2]").first.check()  # … against the published one
    with editor_page.expect_navigation():
        editor_page.locator("input[type=submit][value]").first.click()
    settle(editor_page)
    compared = plain(editor_page.inner_text("body"))
    assert "140 personnes reçues" in compared
    assert "Voir et restaurer cette version" in compared and "Revert" not in compared
    shots(editor_page, "comparaison")
    assert len(shots.taken) == 10

    for each in (context, editor_context, visitor_context):
        each.close()
