"""The contribution pages, blank, in error and filled, pass the Nu HTML Checker with 0 errors."""

from editorial.workflow import transition
from resources.models import Practice
from tests.contributions.helpers import practice_data
from tests.helpers import nu_html_errors
from tests.portal.test_html_validity import pytestmark  # noqa: F401 (skip without Java)

FORMS = [
    "/contribuer/pratique/",
    "/contribuer/evenement/",
    "/contribuer/ressource/",
    "/recherche/questions/proposer/",
]


def page_sources(client, signed_in, editor, contributor, nord, theme):
    yield "contribuer", client.get("/contribuer/")
    for url in FORMS:
        name = url.strip("/").replace("/", "-")
        yield name, signed_in.get(url)
        yield f"{name}-erreurs", signed_in.post(url, {"intent": "propose", "website": ""})
    signed_in.post(FORMS[0], practice_data(nord, theme))
    practice = Practice.objects.get()
    transition(practice, "request_changes", by=editor, message="Ajoutez des chiffres.")
    yield "pratique-a-revoir", signed_in.get(f"{FORMS[0]}{practice.pk}/")
    yield "mes-contributions", signed_in.get("/mes-contributions/")
    yield (
        "retirer",
        signed_in.get(f"/mes-contributions/resources.practice/{practice.pk}/retirer/"),
    )
    transition(practice, "propose", by=contributor)
    transition(practice, "publish", by=editor)
    yield "pratique-publiee", client.get(practice.get_absolute_url())
    yield "mes-contributions-publiee", signed_in.get("/mes-contributions/")


def test_contribution_pages_have_no_html_errors(client, editor, contributor, nord, theme, tmp_path):
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(contributor)
    files = []
    for name, response in page_sources(client, signed_in, editor, contributor, nord, theme):
        assert response.status_code in (200, 400), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    errors = nu_html_errors(files)
    assert errors == [], "\n".join(errors)
    assert len(files) == 14
