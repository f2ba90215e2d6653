"""Random and hostile input on public query strings and forms: never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ResourceFactory
from tests.helpers import open_emailed_link

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


CYCLE_FIELDS = [
    "first_name",
    "last_name",
    "phone",
    "position",
    "employer",
    "employer_kind",
    "category",
    "region",
    "experience_years",
    "motivation",
    "heard_from",
    "employer_email",
    "accessibility_needs",
    "consent",
    "email",
    "website",
]
CALL_FIELDS = [
    "project_title",
    "summary",
    "schedule",
    "duration_months",
    "lead_name",
    "lead_role",
    "lab_name",
    "partners",
    "practitioners",
    "people_supported",
    "amount_requested",
    "budget_breakdown",
    "consent",
]


@pytest.fixture
def open_windows(settings):
    from hautes_etudes.demo import load_hautes_etudes_demo
    from research.calls.demo import load_calls_demo

    settings.INTS_APPLICATION_RATE_LIMIT = (100000, 3600)
    load_hautes_etudes_demo()
    load_calls_demo()


@FUZZ
@given(
    step=st.sampled_from(["identite", "situation", "motivation", "documents", "consentement"]),
    data=st.dictionaries(st.sampled_from(CYCLE_FIELDS), HOSTILE, max_size=8),
)
def test_cycle_application_steps_never_fail(client, open_windows, step, data):
    client.post("/hautes-etudes/candidater/", {"email": "fuzz@example.fr"})
    open_emailed_link(client)
    response = client.post(f"/hautes-etudes/candidater/etapes/{step}/", _clean(data))
    assert response.status_code in (200, 302)
    assert client.get("/hautes-etudes/candidater/recapitulatif/").status_code == 200
    assert client.post("/hautes-etudes/candidater/recapitulatif/").status_code in (200, 302)


@FUZZ
@given(
    step=st.sampled_from(["projet", "equipe", "participation", "budget", "documents"]),
    data=st.dictionaries(st.sampled_from(CALL_FIELDS), HOSTILE, max_size=8),
)
def test_call_application_steps_never_fail(client, open_windows, step, data):
    base = "/recherche/appels/recherches-actions-participatives-2026/candidater"
    client.post(f"{base}/", {"email": "fuzz@example.fr"})
    open_emailed_link(client)
    response = client.post(f"{base}/etapes/{step}/", _clean(data))
    assert response.status_code in (200, 302)
    assert client.get(f"{base}/recapitulatif/").status_code == 200


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["email", "website"]), HOSTILE, max_size=2))
def test_application_start_never_fails(client, open_windows, data):
    response = client.post("/hautes-etudes/candidater/", _clean(data))
    assert response.status_code in (200, 302, 429)
