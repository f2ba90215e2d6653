"""The selection of the cycle run by its real roles in Chromium, no superuser: the secretariat
logs in with its TOTP code, assigns two committee members, each member logs in, opens the CV
and scores, the secretariat reads the ranking and accepts the candidate, who confirms from the
link in the email."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.models import ApplicationAccess, ApplicationStatus
from applications.workflow import transition
from core.roles import CYCLE
from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Application, Attachment, Edition, Review
from tests.browser.support import assert_clean, axe_report, new_strict_page, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Selection-demo-2027!"
LIST = "/admin/hautes_etudes/application/"


def _member(username, group, first, last):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        is_staff=True,
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
    )
    user.groups.add(Group.objects.get(name=group))
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def _submitted(edition, n):
    application = Application(
        parent=edition,
        email=f"candidate{n}@example.fr",
        first_name="Awa" if n == 1 else "Jean",
        last_name=f"Candidate{n}",
        data={"first_name": "Awa", "last_name": f"Candidate{n}"},
        sequence=n,
        reference=f"HE-{edition.year}-{n:04d}",
    )
    application.issue_token()
    application.save()
    attachment = Attachment(application=application, slot="cv", mime="application/pdf", size=20)
    attachment.file.save("cv.pdf", ContentFile(b"%PDF-1.4 cv de test\n"))
    transition(application=application, to=ApplicationStatus.SUBMITTED, by=None)
    return application


def _log_in(browser, base, user):
    """Password, then the TOTP code computed from the device's key (as the phone would)."""
    context, page = new_strict_page(browser)
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert "/admin/double-authentification/" in page.url
    device = TOTPDevice.objects.get(user=user)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=token]", f"{code:06d}")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith("/admin/"), page.url
    return context, page


def _run_action(page, base, application, action):
    page.goto(f"{base}{LIST}")
    page.check(f"input[name=_selected_action][value='{application.pk}']")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")


def test_secretariat_committee_and_candidate_run_the_selection(live_server, browser, axe_page):
    load_hautes_etudes_demo()
    edition = Edition.objects.current()
    Edition.objects.filter(pk=edition.pk).update(blind_review=False)
    secretary = _member("secretaire", CYCLE.secretariat, "Sonia", "Martin")
    members = [
        _member("membre1", CYCLE.committee, "Claire", "Durand"),
        _member("membre2", CYCLE.committee, "Marc", "Lemoine"),
    ]
    candidate, other = _submitted(edition, 1), _submitted(edition, 2)
    base = live_server.url

    # The secretariat assigns two members (bulk action), chosen by their names.
    office_context, office = _log_in(browser, base, secretary)
    assert office.locator(f"a[href='{LIST}classement/']").count() >= 1  # from the index
    _run_action(office, base, candidate, "assign_reviewers")
    office.check("label:has-text('Claire Durand')")
    office.check("label:has-text('Marc Lemoine')")
    with office.expect_navigation():
        office.click("input[type=submit][value='Assigner']")
    assert Review.objects.filter(application=candidate).count() == 2

    # Each member declares no conflict, downloads the CV and scores.
    criteria = list(edition.criteria.order_by("position", "pk"))
    for k, member in enumerate(members):
        context, page = _log_in(browser, base, member)
        review = Review.objects.get(application=candidate, reviewer=member)
        page.goto(f"{base}/admin/hautes_etudes/review/{review.pk}/change/")
        page.select_option("select[name=has_conflict]", "0")
        with page.expect_navigation():
            page.click("input[name=_continue]")
        with page.expect_download() as download:
            page.click("a:has-text('télécharger')")
        assert download.value.path().read_bytes().startswith(b"%PDF")
        for criterion in criteria:
            page.select_option(f"select[name=score_{criterion.pk}]", str(criterion.max_score - k))
        with page.expect_navigation():
            page.click("input[name=_continue]")
        assert "sur " in page.content()  # the committee's average, now that they scored
        context.close()
    assert ApplicationAccess.objects.filter(action="téléchargement cv").count() == 2
    assert Review.objects.filter(application=candidate).exclude(score=None).count() == 2

    # The ranking puts the candidate first; « Retenir » emails the confirmation link.
    office.goto(f"{base}{LIST}classement/")
    ranks = re.findall(r"<tr><td>([^<]*)</td><th scope=\"row\">([^<]+)</th>", office.content())
    assert ranks[0] == ("1", candidate.reference)
    assert (ranks[1][1], ranks[1][0]) == (other.reference, "—")
    mail.outbox = []
    _run_action(office, base, candidate, "mark_accepted")
    office_context.close()
    candidate.refresh_from_db()
    assert candidate.status == ApplicationStatus.ACCEPTED
    assert candidate.confirm_before > candidate.status_changed_at + datetime.timedelta(days=1)
    [message] = [m for m in mail.outbox if m.to == [candidate.email]]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)

    assert axe_report(axe_page, base + link) == ""

    # The candidate confirms from the emailed link, in a browser of their own.
    context, page = new_strict_page(browser)
    page.goto(base + link)
    settle(page)
    with page.expect_navigation():
        page.click("button[value=confirmer]")
    settle(page)
    assert "Vous avez confirmé votre place" in page.content()
    assert_clean(page)
    context.close()
    candidate.refresh_from_db()
    assert candidate.status == ApplicationStatus.CONFIRMED


def test_employer_page_is_accessible_and_refuses_with_a_reason(live_server, browser, axe_page):
    from hautes_etudes import services

    load_hautes_etudes_demo()
    application = _submitted(Edition.objects.current(), 1)
    application.data = {**application.data, "employer_email": "drh@example.org"}
    application.save()
    url = f"{live_server.url}/hautes-etudes/accord-employeur/"
    url += f"{services.ask_employer(application=application)}/"
    assert axe_report(axe_page, url) == ""
    context, page = new_strict_page(browser)
    page.goto(url)
    settle(page)
    page.click("label[for=id_answer_1]")  # the DSFR draws the radio on its label
    with page.expect_navigation():
        page.click("button:has-text('Envoyer ma réponse')")
    assert "Indiquez le motif du refus." in page.content()
    assert axe_report(axe_page, page.url) == ""  # (a GET: the form without its errors)
    page.fill("textarea[name=reason]", "Service en sous-effectif cette année")
    with page.expect_navigation():
        page.click("button:has-text('Envoyer ma réponse')")
    assert "Votre refus pour la candidature de Awa Candidate1 est enregistré." in page.content()
    assert_clean(page)
    context.close()
    application.refresh_from_db()
    assert application.employer_refusal_reason == "Service en sous-effectif cette année"
