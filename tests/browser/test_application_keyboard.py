"""The application to the cycle des hautes études, completed with the keyboard alone in
Chromium (Tab, typing, arrows, Space, Enter: no mouse click), under our CSP; every page of the
form checked by axe-core, including a step showing errors."""

import re

import pytest
from django.core import mail
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Application
from tests.browser.support import assert_clean, axe_report, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
MOTIVATION = (
    "J'accompagne depuis douze ans des familles en protection de l'enfance et je "
    "souhaite comprendre comment les politiques sociales se décident. "
) * 3


def tab_to(page, selector, *, text=None, limit=250):
    """Press Tab until the focused element matches `selector` (and contains `text`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            """([s, t]) => { const e = document.activeElement;
                return !!e && e.matches(s) && (!t || e.textContent.includes(t)); }""",
            [selector, text],
        ):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def choose_file_with_keyboard(page, path, *, attempts=5, each_ms=3_000):
    """Space on the focused file input opens the file chooser. On a loaded machine Chromium
    may let a press go by without opening it (a single 15 s wait failed there): poll a few
    seconds at a time, pressing again while the input still has the focus."""
    for _ in range(attempts):
        try:
            with page.expect_file_chooser(timeout=each_ms) as chooser:
                page.keyboard.press("Space")
        except PlaywrightTimeoutError:
            assert page.evaluate("() => document.activeElement.type") == "file"
            continue
        chooser.value.set_files(str(path))
        return
    raise AssertionError(f"no file chooser after {attempts} presses of Space")


def submit_with_keyboard(page, button_text):
    tab_to(page, "button[type=submit]", text=button_text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    settle(page)


def test_application_with_the_keyboard_alone(live_server, strict_page, axe_page, tmp_path):
    load_hautes_etudes_demo()
    page = strict_page
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    visited = []

    page.goto(live_server.url + "/hautes-etudes/candidater/")
    settle(page)
    tab_to(page, "#id_email")
    page.keyboard.type("clavier@example.fr")
    visited.append(page.url)
    submit_with_keyboard(page, "Commencer ma candidature")
    assert page.locator(".fr-alert--info").count() == 1  # the link is sent by email
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    settle(page)
    assert page.url.endswith("/etapes/identite/")

    # A step with errors first (for axe), then the right answers.
    submit_with_keyboard(page, "Enregistrer et continuer")
    assert page.locator(".fr-alert--error").count() == 1
    visited.append(page.url)  # GET shows the stored (empty) answers with their errors
    for selector, value in [
        ("#id_first_name", "Lina"),
        ("#id_last_name", "Martin"),
        ("#id_phone", "06 12 34 56 78"),
    ]:
        tab_to(page, selector)
        page.keyboard.type(value)
    submit_with_keyboard(page, "Enregistrer et continuer")
    assert page.url.endswith("/etapes/situation/")
    visited.append(page.url)

    tab_to(page, "#id_position")
    page.keyboard.type("Cheffe de service")
    tab_to(page, "#id_employer")
    page.keyboard.type("Département du Nord")
    tab_to(page, "input[name=employer_kind]")
    page.keyboard.press("ArrowDown")  # second choice: collectivité territoriale
    tab_to(page, "input[name=category]")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_region")
    page.keyboard.type("Hauts")  # type-ahead in the select
    tab_to(page, "#id_experience_years")
    page.keyboard.type("12")
    submit_with_keyboard(page, "Enregistrer et continuer")
    assert page.url.endswith("/etapes/motivation/"), page.locator(".fr-alert").all_inner_texts()

    tab_to(page, "#id_motivation")
    page.keyboard.insert_text(MOTIVATION)
    submit_with_keyboard(page, "Enregistrer et continuer")
    assert page.url.endswith("/etapes/documents/")
    visited.append(page.url)

    tab_to(page, "#id_cv")
    choose_file_with_keyboard(page, cv)
    tab_to(page, "#id_employer_email")
    page.keyboard.type("rh@nord.example.fr")
    submit_with_keyboard(page, "Enregistrer et continuer")
    assert page.url.endswith("/etapes/consentement/")

    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    submit_with_keyboard(page, "Enregistrer et relire ma candidature")
    assert page.url.endswith("/recapitulatif/")
    visited.append(page.url)
    submit_with_keyboard(page, "Déposer ma candidature")
    assert page.url.endswith("/suivi/")
    reference = Application.objects.get().reference
    assert re.fullmatch(r"HE-\d{4}-0001", reference)
    assert page.get_by_text(f"Candidature {reference}", exact=True).count() == 1
    assert any(reference in message.subject for message in mail.outbox)
    visited.append(page.url)
    assert_clean(page)

    # axe-core on each page as the applicant saw it (same session cookie in the axe page).
    axe_page.context.add_cookies(page.context.cookies())
    reports = [axe_report(axe_page, url) for url in visited]
    reports = [report for report in reports if report]
    assert not reports, "axe-core violations:\n" + "\n".join(reports)
