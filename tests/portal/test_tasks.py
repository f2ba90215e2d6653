"""Scheduled commands and the worker heartbeat that /sante/ reads."""

import logging
import time

import pytest
from django.core.cache import cache

from ints_portal import schedules, tasks


def test_beat_schedule_runs_every_documented_command():
    scheduled = {
        entry["args"][0]
        for entry in schedules.beat_schedule(outbox_sweep_seconds=30).values()
        if entry["task"] == "ints_portal.tasks.run_command"
    }

    assert scheduled == {
        "purge_applications",
        "purge_personal_data",
        "expire_places",
        "expire_unconfirmed_places",
        "send_alert_digests",
        "check_resource_links",
        "clearsessions",
    }


def test_run_command_missing_is_skipped_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="ints_portal.tasks"):
        result = tasks.run_command("no_such_command_here")

    assert result is None
    assert "'no_such_command_here' is not installed: skipped" in caplog.text


@pytest.mark.django_db
def test_run_command_runs_the_management_command():
    assert tasks.run_command("send_alert_digests").strip() == "0 courriel(s) d'alerte envoyé(s)."


@pytest.mark.django_db
def test_health_reports_a_silent_worker(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/11"
    cache.set(tasks.HEARTBEAT_KEY, time.time() - 10 * settings.INTS_HEARTBEAT_SECONDS)

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["worker"].startswith("silencieux depuis ")
    assert response.json()["redis"] == "ok"


@pytest.mark.django_db
def test_health_ok_with_a_fresh_heartbeat(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/11"
    tasks.heartbeat()

    response = client.get("/sante/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "worker": "ok"}
