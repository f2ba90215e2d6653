"""A pgBackRest backup of the portal's database (docs/deploy.md, « Backups and restore »).

Celery beat runs it weekly with `--type=full` and daily with `--type=diff` when
INTS_PGBACKREST_STANZA is set; between backups the WAL archive (archive_command) keeps every
change, so a restore can stop at any point in time.
"""

import shlex
import subprocess
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

KINDS = {"full": "complète", "diff": "différentielle", "incr": "incrémentale"}


class Command(BaseCommand):
    help = (
        "Sauvegarde la base avec pgBackRest (stanza INTS_PGBACKREST_STANZA, commande "
        "INTS_PGBACKREST_COMMAND) : complète chaque semaine, différentielle chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--type", choices=sorted(KINDS), default="diff", dest="kind")

    def handle(self, *args, kind="diff", **options):
        stanza = settings.INTS_PGBACKREST_STANZA
        if not stanza:
            raise CommandError("INTS_PGBACKREST_STANZA n'est pas défini : aucune sauvegarde.")
        command = [
            *shlex.split(settings.INTS_PGBACKREST_COMMAND),
            f"--stanza={stanza}",
            "backup",
            f"--type={kind}",
        ]
        started = time.monotonic()
        try:
            result = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise CommandError(f"pgBackRest introuvable ({command[0]}) : {exc}") from exc
        if result.returncode:
            detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
            raise CommandError(
                f"La sauvegarde pgBackRest {KINDS[kind]} a échoué (code {result.returncode}) : "
                + " / ".join(detail)
            )
        self.stdout.write(
            f"Sauvegarde pgBackRest {KINDS[kind]} de la stanza « {stanza} » terminée en "
            f"{time.monotonic() - started:.0f} s."
        )
