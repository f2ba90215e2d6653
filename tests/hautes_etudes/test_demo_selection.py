"""The selection demo: accounts per pillar with a TOTP key, a dozen applications each."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model

from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Application, Review
from ints_portal.applications import demo_selection
from research.calls.demo import load_calls_demo
from research.calls.models import CallApplication

pytestmark = pytest.mark.django_db


def test_demo_selection_is_idempotent_and_prints_totp_keys(settings):
    settings.DEBUG = True
    load_hautes_etudes_demo()
    load_calls_demo()
    out = StringIO()
    demo_selection.load(stdout=out)
    demo_selection.load(stdout=StringIO())
    assert len(re.findall(r"clé TOTP \(base32\) : [A-Z2-7]{32,}", out.getvalue())) == 6
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 6
    assert Application.objects.filter(email__startswith="candidat-cycle-").count() == 12
    assert CallApplication.objects.filter(email__startswith="candidat-aap-").count() == 12
    assert Review.objects.exclude(score=None).count() == 12
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"submitted", "shortlisted", "waiting_list", "rejected"} <= statuses


def test_demo_selection_does_nothing_outside_debug(settings):
    settings.DEBUG = False
    demo_selection.load(stdout=StringIO())
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
