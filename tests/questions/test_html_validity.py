"""The questions' pages pass the Nu HTML Checker with 0 errors: the list (filtered, empty),
the page at each stage, the interest form, its error state, the secretariat's stage screen is
Django admin HTML and is left out."""

import shutil

import pytest

from tests.factories import ProjectFactory, PublicationFactory
from tests.helpers import VNU, nu_html_errors
from tests.questions.conftest import QuestionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not VNU.exists() or not shutil.which("java"),
        reason="make test installs vnu-jar; Java is on the machine",
    ),
]


def _pages(client, researcher_user, lab, nord, child_protection):
    project = ProjectFactory(labs=[lab])
    PublicationFactory(authors=[("Dubois", "Hélène")]).projects.add(project)
    open_question = QuestionFactory(
        territory=nord,
        themes=[child_protection],
        people_supported_took_part=True,
        people_supported_consent=True,
        people_supported_account="Cinq allocataires ont formulé la question.",
    )
    done = QuestionFactory(stage="results_published", lab=lab, project=project)
    yield "list", client.get("/recherche/questions/")
    yield "list-filtered", client.get(f"/recherche/questions/?territoire={nord.slug}&theme=x")
    yield "list-empty", client.get("/recherche/questions/?avancement=taken_up")
    yield "anonymous", client.get(open_question.get_absolute_url())
    yield "results", client.get(done.get_absolute_url())
    client.force_login(researcher_user)
    yield "form", client.get(open_question.get_absolute_url())
    yield "form-errors", client.post(f"{open_question.get_absolute_url()}interet/", {"note": ""})
    client.post(f"{open_question.get_absolute_url()}interet/", {"note": "Nous voulons."})
    yield "declared", client.get(open_question.get_absolute_url())


def test_question_pages_have_no_html_errors(
    client, tmp_path, researcher_user, lab, nord, child_protection
):
    files = []
    for name, response in _pages(client, researcher_user, lab, nord, child_protection):
        assert response.status_code in (200, 400), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    errors = nu_html_errors(files)
    assert errors == [], "\n".join(errors)
