"""What Celery beat runs and when (docs/deploy.md lists the same table for operators).

Each periodic job is a management command run by `core.tasks.run_command`, so the
commands stay the one way to do the work, by hand or on schedule. This table is the only
list: a system check (`check_scheduled_commands`, registered by the app) stops the start-up
when it names a command that does not exist, and tests/portal/test_tasks.py compares it with
the table in docs/deploy.md.
"""

from celery.schedules import crontab

# (command name, crontab in Europe/Paris, why at that time)
COMMANDS = [
    ("purge_personal_data", crontab(hour=3, minute=0), "personal data past its retention"),
    ("expire_unconfirmed_places", crontab(hour=6, minute=0), "unconfirmed places released"),
    ("send_alert_digests", crontab(hour=7, minute=0), "alert digests, before the working day"),
    ("send_editorial_summary", crontab(hour=8, minute=0), "proposals waiting, to the editors"),
    ("check_resource_links", crontab(hour=4, minute=0, day_of_week=1), "weekly link check"),
    ("clearsessions", crontab(hour=4, minute=30), "expired sessions"),
]

# pgBackRest backups (`pgbackrest_backup --type=…`), scheduled only when INTS_PGBACKREST_STANZA
# is set; the WAL archive covers the time between them. Before the nightly purges; on Sundays
# the full backup takes the differential's place.
BACKUPS = [
    ("full", crontab(hour=1, minute=30, day_of_week=0), "weekly full backup"),
    ("diff", crontab(hour=1, minute=30, day_of_week="1-6"), "daily differential backup"),
]


def check_scheduled_commands(app_configs=None, **kwargs):
    """System check: every scheduled command is installed (a missing one never runs)."""
    from django.core.checks import Error
    from django.core.management import get_commands

    installed = get_commands()
    return [
        Error(
            f"The schedule names the command {name!r}, which is not installed.",
            hint="Fix ints_portal/schedules.py COMMANDS (and the table in docs/deploy.md).",
            obj="ints_portal.schedules.COMMANDS",
            id="ints.E001",
        )
        for name in [name for name, _when, _why in COMMANDS] + ["pgbackrest_backup"]
        if name not in installed
    ]


def beat_schedule(*, outbox_sweep_seconds, heartbeat_seconds=60, pgbackrest_stanza=""):
    schedule = {
        "outbox-sweep": {
            "task": "core.tasks.sweep_outbox",
            "schedule": float(outbox_sweep_seconds),
        },
        "heartbeat": {"task": "core.tasks.heartbeat", "schedule": float(heartbeat_seconds)},
    }
    for name, when, _why in COMMANDS:
        schedule[f"command-{name}"] = {
            "task": "core.tasks.run_command",
            "schedule": when,
            "args": [name],
        }
    for kind, when, _why in BACKUPS if pgbackrest_stanza else ():
        schedule[f"backup-{kind}"] = {
            "task": "core.tasks.run_command",
            "schedule": when,
            "args": ["pgbackrest_backup", f"--type={kind}"],
        }
    return schedule
