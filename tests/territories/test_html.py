"""The territory pages, the index and « Mon territoire » (choices, error) pass the Nu HTML
Checker with 0 errors."""

import shutil

import pytest

from tests.helpers import VNU, nu_html_errors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not VNU.exists() or not shutil.which("java"),
        reason="make test installs vnu-jar; Java is on the machine",
    ),
]

PAGES = {
    "home": "/",
    "index": "/territoires/",
    "departement": "/territoires/59-nord/",
    "region": "/territoires/hauts-de-france/",
    "empty": "/territoires/48-lozere/",
    "choices": "/territoires/choisir/?lieu=R%C3%A9union",
    "unknown": "/territoires/choisir/?lieu=Atlantide",
    "blank": "/territoires/choisir/?lieu=",
}


def test_territory_pages_have_no_html_errors(client, nord, tmp_path):
    files = []
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    errors = nu_html_errors(files)
    assert errors == [], "\n".join(errors)
