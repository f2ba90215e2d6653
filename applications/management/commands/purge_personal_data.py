from django.core.management.base import BaseCommand

from core import privacy as registry


class Command(BaseCommand):
    help = (
        "Supprime les brouillons abandonnés et anonymise les candidatures dont la durée de "
        "conservation est passée (réglages INTS_RETENTION_*), dans chaque pilier, et supprime "
        "les propositions des contributeurs jamais publiées après 12 mois (core/privacy.py). "
        "À lancer chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")

    def handle(self, *args, dry_run=False, **options):
        for title, report in registry.purge(dry_run=dry_run):
            self.stdout.write(f"{title} : {report}{' (simulation)' if dry_run else ''}.")
