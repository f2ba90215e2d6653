"""Random and hostile input on public query strings and forms: never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "'; DROP TABLE resources_resource; --",
            "<script>alert(1)</script>",
            "\x00",
            "%00",
            "../../etc/passwd",
            "1 OR 1=1",
            "&|!():*<>",
            "9" * 400,
            "-1",
            "0",
            "NaN",
            "€🙂",
            '"unbalanced',
            "a:*",
            "!!!",
            "\u202e",
            "\ud7ff",
            "é" * 1000,
        ]
    ),
)
PARAMS = st.dictionaries(
    st.sampled_from(
        ["q", "page", "tri", "type", "public", "theme", "territoire", "annee", "falc", "x"]
    ),
    HOSTILE,
    max_size=6,
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _clean(params):
    # The test client cannot send lone surrogates or NUL in a URL; a browser percent-encodes them.
    return {
        k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()
    }


@pytest.fixture
def catalogue():
    return [ResourceFactory(title=f"Protection de l'enfance {n}") for n in range(3)]


@FUZZ
@given(params=PARAMS)
def test_resource_list_never_fails(client, catalogue, params):
    response = client.get("/ressources/", _clean(params))
    assert response.status_code == 200


@FUZZ
@given(params=PARAMS)
def test_site_search_never_fails(client, catalogue, params):
    response = client.get("/rechercher/", _clean(params))
    assert response.status_code == 200


@FUZZ
@given(params=PARAMS)
def test_feeds_never_fail(client, catalogue, params):
    assert client.get("/ressources/flux/rss/", _clean(params)).status_code == 200


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(["email", "scope", "query", "label", "website"]), HOSTILE, max_size=5
    )
)
def test_alert_form_answers_200_400_or_429(client, data):
    response = client.post("/alertes/", _clean(data))
    assert response.status_code in (200, 400, 429)
    if response.status_code == 400:
        assert "Votre demande n" in response.content.decode()


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["useful", "comment"]), HOSTILE, max_size=2))
def test_feedback_form_answers_302_400_or_429(client, catalogue, data):
    response = client.post(f"/ressources/{catalogue[0].slug}/avis/", _clean(data))
    assert response.status_code in (302, 400, 429)
