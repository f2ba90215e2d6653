"""Questions de terrain in Chromium: a researcher and the research secretariat take a question
from « ouverte » to « résultats publiés », each signing in with their TOTP code and each with
only their permissions; axe-core on the list, the page, the interest form and its error state,
at desktop width and at 390 px; the interest form used with the keyboard alone."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import CALLS, RESEARCHERS
from research.models import FieldQuestion, QuestionInterest
from tests.browser.support import assert_clean, assert_no_axe_violations, new_strict_page, settle
from tests.factories import LabFactory, ProjectFactory, PublicationFactory, ResearcherFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Questions-terrain-2027!"
PHONE = {"width": 390, "height": 844}
NOTE = (
    "Notre équipe a déjà travaillé avec des allocataires du RSA du Nord ; "
    "nous pouvons commencer au printemps."
)


def _account(username, group):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, email=f"{username}@example.org"
    )
    user.groups.add(Group.objects.get(name=group))
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def _log_in(browser, base, user, next_path, **context_options):
    """Password, then the TOTP code computed from the device's key (as the phone would)."""
    context, page = new_strict_page(browser)
    if context_options.get("viewport"):
        page.set_viewport_size(context_options["viewport"])
    if next_path.startswith("/admin/"):
        page.goto(f"{base}/admin/login/?next={next_path}")
    else:
        # Staff accounts sign in at the back-office, second factor included, then come back
        # (the page's own link goes to the portal's sign-in, for accounts without a role).
        after = f"/admin/double-authentification/?{urlencode({'next': next_path})}"
        page.goto(f"{base}/admin/login/?{urlencode({'next': after})}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert "/admin/double-authentification/" in page.url, page.url
    device = TOTPDevice.objects.get(user=user)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=token]", f"{code:06d}")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith(next_path), page.url
    settle(page)
    return context, page


def _scenario():
    from resources.models import Territory, Theme

    lab = LabFactory(name="Centre lillois d'études sociologiques", acronym="CLERSE")
    project = ProjectFactory(title="Inviter autrement : une recherche-action", labs=[lab])
    PublicationFactory(title="Ce qui fait venir au rendez-vous").projects.add(project)
    contributor = get_user_model().objects.create_user(
        username="equipe-roubaix", email="equipe@roubaix.example"
    )
    question = FieldQuestion.objects.create(
        title="Pourquoi un tiers des allocataires ne viennent-ils pas au premier rendez-vous ?",
        slug="rendez-vous-manques",
        context="Les relances par courrier et par SMS n'ont presque rien changé.",
        team="Équipe insertion de Roubaix-Tourcoing",
        people_supported_took_part=True,
        people_supported_consent=True,
        people_supported_account="Cinq allocataires ont formulé la question avec l'équipe.",
        territory=Territory.objects.get(kind="departement", code="59"),
        status="published",
        contributor=contributor,
    )
    question.themes.set([Theme.objects.get(slug="insertion-et-rsa")])
    return question, lab, project


def _no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_researcher_and_secretariat_take_a_question_to_its_results(live_server, browser, axe_page):
    question, lab, project = _scenario()
    base, path = live_server.url, question.get_absolute_url()
    researcher_user = _account("chercheuse", RESEARCHERS)
    ResearcherFactory(user=researcher_user, lab=lab, given_names="Hélène", family_name="Dubois")
    secretary = _account("secretariat", CALLS.secretariat)

    # Anyone: the list and the page, clean for axe-core, with no form.
    for url in (
        f"{base}/recherche/questions/",
        f"{base}/recherche/questions/?territoire=59-nord",
        base + path,
    ):
        axe_page.goto(url)
        settle(axe_page)
        assert_no_axe_violations(axe_page)
    assert axe_page.get_by_role("button", name="Déclarer mon intérêt").count() == 0

    # The researcher signs in, sends an empty note (error state), then a real one.
    context, page = _log_in(browser, base, researcher_user, path)
    page.get_by_role("button", name="Déclarer mon intérêt").click()
    page.wait_for_selector("#erreurs-formulaire")
    assert page.title().startswith("Erreur")
    assert page.evaluate("() => document.activeElement.id") == "erreurs-formulaire"
    assert_no_axe_violations_in(page)
    page.get_by_label("Votre note pour le secrétariat scientifique").fill(NOTE)
    with page.expect_navigation():
        page.get_by_role("button", name="Déclarer mon intérêt").click()
    assert "Votre intérêt est enregistré" in page.content()
    assert QuestionInterest.objects.get().lab == lab
    # …and may not move the stage.
    response = page.goto(f"{base}/admin/research/fieldquestion/{question.pk}/etape/")
    assert response.status == 403
    context.close()

    # The secretariat reads the interest and moves the question, one step after the other.
    context, page = _log_in(
        browser, base, secretary, f"/admin/research/fieldquestion/{question.pk}/change/"
    )
    assert NOTE[:40] in page.content()
    steps = [
        ("Confier à un laboratoire", "lab", lab.pk, "Prise en charge par un laboratoire"),
        ("Relier le projet qui y répond", "project", project.pk, "Projet en cours"),
        ("Annoncer les résultats publiés", None, None, "Résultats publiés"),
    ]
    for label, field, value, stage in steps:
        with page.expect_navigation():
            page.get_by_role("link", name="Faire avancer la question").click()
        page.get_by_label(label).check()
        if field:
            page.select_option(f"#id_{field}", str(value))
        with page.expect_navigation():
            page.get_by_role("button", name="Enregistrer le changement").click()
        assert "La question est passée à l" in page.content()
        assert stage in page.content()
    assert_clean(page)
    context.close()

    question.refresh_from_db()
    assert question.stage == "results_published"
    assert [m.to for m in mail.outbox] == [["equipe@roubaix.example"]] * 3

    # The public page now shows the last step, the lab, the project and its publication.
    axe_page.goto(base + path)
    settle(axe_page)
    assert_no_axe_violations(axe_page)
    body = axe_page.content()
    assert 'data-fr-current-step="4"' in body
    assert "Ce qui fait venir au rendez-vous" in body
    assert project.get_absolute_url() in body


def assert_no_axe_violations_in(page):
    """axe-core in a strict page: CSP forbids injecting it, so read the page in an axe page."""
    html = page.content()
    context = page.context.browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        other = context.new_page()
        other.set_content(html)
        assert_no_axe_violations(other)
    finally:
        context.close()


def test_interest_form_at_390_px_with_the_keyboard_alone(live_server, browser):
    question, lab, _project = _scenario()
    researcher_user = _account("chercheuse", RESEARCHERS)
    ResearcherFactory(user=researcher_user, lab=lab)
    base, path = live_server.url, question.get_absolute_url()

    context, page = _log_in(browser, base, researcher_user, path, viewport=PHONE)
    assert _no_sideways_scroll(page)
    assert_no_axe_violations_in(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "id_note":
            break
    else:
        raise AssertionError("the note is not reached with Tab")
    page.keyboard.type(NOTE)
    page.keyboard.press("Tab")
    assert (
        page.evaluate("() => document.activeElement.textContent.trim()") == "Déclarer mon intérêt"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Votre intérêt est enregistré" in page.content()
    assert _no_sideways_scroll(page)
    for url in (f"{base}/recherche/questions/", base + path):
        page.goto(url)
        settle(page)
        assert _no_sideways_scroll(page), url
    assert_clean(page)
    context.close()
    assert QuestionInterest.objects.get().note == NOTE
