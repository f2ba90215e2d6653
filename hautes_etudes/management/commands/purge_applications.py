from django.core.management.base import BaseCommand

from hautes_etudes import services


class Command(BaseCommand):
    help = (
        "Supprime les brouillons abandonnés et anonymise les candidatures dont la durée de "
        "conservation est passée (réglages INTS_RETENTION_*). À lancer chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")

    def handle(self, *args, dry_run=False, **options):
        results = [("Cycle des hautes études", *services.purge(dry_run=dry_run))]
        try:
            from research import calls
        except ImportError:
            calls = None
        if calls is not None:
            results.append(("Appels à projets", *calls.purge(dry_run=dry_run)))
        for label, deleted, anonymised in results:
            self.stdout.write(
                f"{label} : {deleted} brouillon(s) supprimé(s), {anonymised} "
                f"candidature(s) anonymisée(s){' (simulation)' if dry_run else ''}."
            )
