"""Scheduled commands and the worker heartbeat that /sante/ reads."""

import logging
import shutil
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

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


def test_beat_schedule_backs_up_with_pgbackrest_only_with_a_stanza():
    without = schedules.beat_schedule(outbox_sweep_seconds=30)
    schedule = schedules.beat_schedule(outbox_sweep_seconds=30, pgbackrest_stanza="ints")

    assert not [name for name in without if name.startswith("backup-")]
    backups = {name: entry for name, entry in schedule.items() if name not in without}
    assert {name: entry["args"] for name, entry in backups.items()} == {
        "backup-full": ["pgbackrest_backup", "--type=full"],
        "backup-diff": ["pgbackrest_backup", "--type=diff"],
    }
    full, diff = backups["backup-full"]["schedule"], backups["backup-diff"]["schedule"]
    assert (full.hour, full.minute, full.day_of_week) == ({1}, {30}, {0})  # Sundays, 1:30
    assert (diff.hour, diff.minute, diff.day_of_week) == ({1}, {30}, {1, 2, 3, 4, 5, 6})
    assert {entry["task"] for entry in backups.values()} == {"ints_portal.tasks.run_command"}


def test_pgbackrest_backup_without_a_stanza_refuses(settings):
    settings.INTS_PGBACKREST_STANZA = ""

    with pytest.raises(CommandError, match="INTS_PGBACKREST_STANZA n'est pas défini"):
        call_command("pgbackrest_backup", "--type=full")


def test_pgbackrest_backup_failure_is_an_error_with_pgbackrests_message(settings, tmp_path):
    # A real pgBackRest with a configuration naming no such stanza: it exits with an error.
    if not shutil.which("pgbackrest"):
        pytest.skip("pgbackrest missing (Debian package pgbackrest; .ci/run installs it)")
    config = tmp_path / "pgbackrest.conf"
    config.write_text(f"[global]\nlock-path={tmp_path}\nlog-level-file=off\n")
    settings.INTS_PGBACKREST_STANZA = "absente"
    settings.INTS_PGBACKREST_COMMAND = f"pgbackrest --config={config}"

    with pytest.raises(CommandError) as raised:
        call_command("pgbackrest_backup", "--type=diff")

    assert str(raised.value).startswith("La sauvegarde pgBackRest différentielle a échoué (code ")
    assert "pg1-path" in str(raised.value)
