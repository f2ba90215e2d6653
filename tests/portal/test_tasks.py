"""Scheduled commands and the worker heartbeat that /sante/ reads."""

import re
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError

from core import tasks
from ints_portal import schedules
from tests.support.names import redis_url


def _documented_jobs():
    """The command names of the "Schedules" table in docs/deploy.md."""
    text = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = text.split("### Schedules", 1)[1].split("\n#", 1)[0]
    table = section.split("Commands run by hand only", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)


def test_beat_schedule_runs_exactly_the_documented_commands():
    scheduled = [
        entry["args"][0]
        for entry in schedules.beat_schedule(outbox_sweep_seconds=30).values()
        if entry["task"] == "core.tasks.run_command"
    ]

    assert sorted(scheduled) == sorted(_documented_jobs())
    assert "purge_personal_data" in scheduled


def test_the_documented_backups_are_the_scheduled_ones():
    text = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text(encoding="utf-8")
    table = text.split("### Schedules", 1)[1].split("Commands run by hand only", 1)[0]
    documented = re.findall(r"^\| `pgbackrest_backup --type=(\w+)` \|", table, flags=re.MULTILINE)

    assert sorted(documented) == sorted(kind for kind, _when, _why in schedules.BACKUPS)


def test_every_scheduled_command_is_installed():
    assert schedules.check_scheduled_commands() == []


def test_a_schedule_naming_a_missing_command_stops_the_start_up(monkeypatch):
    monkeypatch.setattr(
        schedules, "COMMANDS", [*schedules.COMMANDS, ("purge_applications", None, "gone")]
    )

    errors = run_checks()

    assert [error.id for error in errors if error.id == "ints.E001"] == ["ints.E001"]
    assert "'purge_applications'" in next(e.msg for e in errors if e.id == "ints.E001")


def test_run_command_missing_raises():
    with pytest.raises(LookupError, match="no_such_command_here"):
        tasks.run_command("no_such_command_here")


@pytest.mark.django_db
def test_run_command_runs_the_management_command():
    assert tasks.run_command("send_alert_digests").strip() == "0 courriel(s) d'alerte envoyé(s)."


@pytest.mark.django_db
def test_health_reports_a_silent_worker(client, settings):
    settings.REDIS_URL = redis_url()
    cache.set(tasks.HEARTBEAT_KEY, time.time() - 10 * settings.INTS_HEARTBEAT_SECONDS)

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["worker"].startswith("silencieux depuis ")
    assert response.json()["redis"] == "ok"


@pytest.mark.django_db
def test_health_ok_with_a_fresh_heartbeat(client, settings):
    settings.REDIS_URL = redis_url()
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
    assert {entry["task"] for entry in backups.values()} == {"core.tasks.run_command"}


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
