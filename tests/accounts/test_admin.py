import pytest
from django.contrib.auth.models import Permission

from accounts import services
from tests.factories import UserFactory
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db

BASE = "/admin/accounts/contributorprofile/"
CLAIMS = {"sub": "s", "email": "c@example.fr", "given_name": "Camille", "siret": "13002526500013"}


def test_changelist_and_change_form_open_read_only(client):
    profile = services.proconnect_user(user=None, claims=CLAIMS).contributor_profile
    verified_login(client, UserFactory(superuser=True))
    page = client.get(BASE + "?q=camille")
    assert page.status_code == 200 and "13002526500013" in page.content.decode()
    assert client.get(f"{BASE}{profile.pk}/change/").status_code == 200
    assert client.get(BASE + "add/").status_code == 403


def test_staff_needs_the_view_permission(client):
    staff = UserFactory(staff=True)
    verified_login(client, staff)
    assert client.get(BASE).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_contributorprofile"))
    assert client.get(BASE).status_code == 200


def test_changelist_queries_do_not_grow_with_profiles(client, django_assert_max_num_queries):
    verified_login(client, UserFactory(superuser=True))
    services.proconnect_user(user=None, claims=CLAIMS)
    with django_assert_max_num_queries(12) as one:
        client.get(BASE)
    for n in range(5):
        services.proconnect_user(user=None, claims={**CLAIMS, "sub": f"s{n}", "email": f"{n}@x.fr"})
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(BASE)


def test_demo_contributors_load_twice_the_same():
    from django.contrib.auth import get_user_model

    from accounts.demo import load_contributors_demo
    from accounts.models import ContributorProfile

    assert load_contributors_demo() == "2 contributeurs"
    assert load_contributors_demo() == "2 contributeurs"
    assert get_user_model().objects.filter(is_staff=False).count() == 2
    camille = ContributorProfile.objects.get(sub="demo-proconnect-camille")
    assert camille.siret == "13002526500013" and not camille.user.has_usable_password()
