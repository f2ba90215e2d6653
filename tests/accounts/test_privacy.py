"""Contributors' accounts in the privacy registry: export and purge (accounts/privacy.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import privacy, services
from accounts.models import ContributorProfile, SignInLink
from core.models import OutboxMessage

pytestmark = pytest.mark.django_db

CLAIMS = {
    "sub": "s-1",
    "email": "camille@example.fr",
    "given_name": "Camille",
    "usual_name": "Martin",
    "siret": "130 025 265 00013",
}


def test_export_lists_the_account_and_its_links():
    services.proconnect_user(user=None, claims=CLAIMS)
    services.send_sign_in_link(email="camille@example.fr")
    data = privacy.export_person(email="Camille@Example.fr")
    (account,) = data["comptes_contributeurs"]
    assert account["siret"] == "13002526500013"
    assert account["identifiant_proconnect"] == "s-1"
    assert account["moyen_de_connexion"] == "ProConnect"
    assert len(data["liens_de_connexion"]) == 1


def test_purge_deletes_expired_links_and_their_mail():
    services.send_sign_in_link(email="lea@example.fr")
    assert privacy.purge(now=timezone.now() + datetime.timedelta(hours=2))[0][1] == 0
    report = privacy.purge(now=timezone.now() + datetime.timedelta(days=2))
    assert report == [(privacy.TITLE, 1, 0)]
    assert not SignInLink.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_purge_deletes_dormant_accounts_only():
    dormant = services.proconnect_user(user=None, claims=CLAIMS)
    recent = services.proconnect_user(user=None, claims={**CLAIMS, "sub": "s-2", "email": "b@x.fr"})
    staff = get_user_model().objects.create_user("agent", email="a@ints.gouv.fr", is_staff=True)
    ContributorProfile.objects.create(user=staff)
    old = timezone.now() - datetime.timedelta(days=366)
    ContributorProfile.objects.filter(user__in=[dormant, staff]).update(last_sign_in_at=old)
    assert privacy.purge(dry_run=True) == [(privacy.TITLE, 1, 0)]
    assert get_user_model().objects.filter(pk=dormant.pk).exists()
    privacy.purge()
    assert set(get_user_model().objects.values_list("pk", flat=True)) == {recent.pk, staff.pk}


def test_contribution_fields_find_the_editorial_contributor():
    assert privacy._contribution_fields(), "editorial's Publishable.contributor is found"


def test_registry_section_exports_and_reports():
    services.proconnect_user(user=None, claims=CLAIMS)
    assert set(privacy.SECTION) == {"key", "title", "export", "purge"}
    rows = privacy.SECTION["export"]("camille@example.fr")
    assert rows[0]["compte"]["siret"] == "13002526500013"
    report = privacy.SECTION["purge"](now=timezone.now(), dry_run=True)
    assert report == "0 compte(s) sans contribution et 0 lien(s) de connexion supprimés"
