"""What Celery beat runs and when (docs/deploy.md lists the same table for operators).

Each periodic job is a management command run by `ints_portal.tasks.run_command`, so the
commands stay the one way to do the work, by hand or on schedule. A command that is not
installed on this branch is skipped with a warning (see tasks.run_command), not an error.
"""

from celery.schedules import crontab

# (command name, crontab in Europe/Paris, why at that time)
COMMANDS = [
    ("purge_applications", crontab(hour=3, minute=0), "applications past their retention"),
    ("purge_personal_data", crontab(hour=3, minute=20), "other personal data past retention"),
    ("expire_places", crontab(hour=6, minute=0), "unconfirmed places go to the waiting list"),
    ("expire_unconfirmed_places", crontab(hour=6, minute=10), "unconfirmed places (portal)"),
    ("send_alert_digests", crontab(hour=7, minute=0), "alert digests, before the working day"),
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


def beat_schedule(*, outbox_sweep_seconds, heartbeat_seconds=60, pgbackrest_stanza=""):
    schedule = {
        "outbox-sweep": {
            "task": "ints_portal.tasks.sweep_outbox",
            "schedule": float(outbox_sweep_seconds),
        },
        "heartbeat": {"task": "ints_portal.tasks.heartbeat", "schedule": float(heartbeat_seconds)},
    }
    for name, when, _why in COMMANDS:
        schedule[f"command-{name}"] = {
            "task": "ints_portal.tasks.run_command",
            "schedule": when,
            "args": [name],
        }
    for kind, when, _why in BACKUPS if pgbackrest_stanza else ():
        schedule[f"backup-{kind}"] = {
            "task": "ints_portal.tasks.run_command",
            "schedule": when,
            "args": ["pgbackrest_backup", f"--type={kind}"],
        }
    return schedule
