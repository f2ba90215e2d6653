"""Enter in a field of a step goes forward, never back: « Enregistrer et continuer » is the first
submit button of every step (the one a browser's implicit submission presses), at a phone's
width and on a desktop, in both pillars' shared form; the steps stay clean for axe-core."""

import pytest

from hautes_etudes.demo import load_hautes_etudes_demo
from tests.browser.support import assert_clean, axe_report, settle, start_application

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
MOTIVATION = (
    "J'accompagne depuis douze ans des familles en protection de l'enfance et je "
    "souhaite comprendre comment les politiques sociales se décident. "
) * 3
VIEWPORTS = {"390px": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def fill_identity(page):
    page.fill("#id_first_name", "Lina")
    page.fill("#id_last_name", "Martin")
    page.fill("#id_phone", "06 12 34 56 78")


def fill_situation(page):
    page.fill("#id_position", "Cheffe de service")
    page.fill("#id_employer", "Département du Nord")
    page.check("input[name=employer_kind][value=local]", force=True)
    page.check("input[name=category][value=local_executive]", force=True)
    page.select_option("#id_region", label="Hauts-de-France")
    page.fill("#id_experience_years", "12")


def fill_motivation(page):
    page.fill("#id_motivation", MOTIVATION)
    page.select_option("#id_heard_from", index=1)


def fill_documents(page, cv):
    page.set_input_files("#id_cv", str(cv))
    page.fill("#id_employer_email", "rh@nord.example.fr")


def fill_consent(page):
    page.check("#id_consent", force=True)


# step, how to fill it, its last field in which Enter submits the form (a textarea takes Enter
# as a new line; the motivation step has none, only a select), where the applicant must land
STEPS = [
    ("identite", fill_identity, "#id_phone", "/etapes/situation/"),
    ("situation", fill_situation, "#id_experience_years", "/etapes/motivation/"),
    ("motivation", fill_motivation, "#id_heard_from", "/etapes/documents/"),
    ("documents", fill_documents, "#id_employer_email", "/etapes/consentement/"),
    ("consentement", fill_consent, "#id_consent", "/recapitulatif/"),
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_enter_in_the_last_field_of_each_step_goes_forward(
    live_server, strict_page, axe_page, tmp_path, viewport
):
    load_hautes_etudes_demo()
    page = strict_page
    page.set_viewport_size(VIEWPORTS[viewport])
    axe_page.set_viewport_size(VIEWPORTS[viewport])
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    start_application(page, live_server.url, f"entree-{viewport}@example.fr")
    settle(page)
    visited = []
    for slug, fill, last_field, lands_on in STEPS:
        assert page.url.endswith(f"/etapes/{slug}/"), (slug, page.url)
        visited.append(page.url)
        buttons = page.locator("form[method=post] button[type=submit]")
        assert buttons.first.inner_text().startswith("Enregistrer et "), slug
        assert "revenir" not in buttons.first.inner_text()
        if slug == "documents":
            fill(page, cv)
        else:
            fill(page)
        page.focus(last_field)
        if last_field == "#id_heard_from":
            # A select takes Enter itself (no submission): nothing moves, then the next Tab
            # stop is the button that goes forward.
            # A submission would start within the key's own dispatch: a listener tells, no
            # pause needed to see that nothing was sent.
            page.evaluate(
                """() => { window.intsSubmitted = false; document.addEventListener("submit",
                     () => { window.intsSubmitted = true; }, {capture: true, once: true}); }"""
            )
            page.keyboard.press("Enter")
            page.keyboard.press("Escape")
            assert page.evaluate("() => window.intsSubmitted") is False
            assert page.url.endswith(f"/etapes/{slug}/")
            page.keyboard.press("Tab")
            focused = page.evaluate("() => document.activeElement.textContent.trim()")
            assert focused == "Enregistrer et continuer"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        settle(page)
        assert page.url.endswith(lands_on), (
            slug,
            page.url,
            page.locator(".fr-alert").all_inner_texts(),
        )
    assert_clean(page)

    axe_page.context.add_cookies(page.context.cookies())
    reports = [report for report in (axe_report(axe_page, url) for url in visited) if report]
    assert not reports, "axe-core violations:\n" + "\n".join(reports)
