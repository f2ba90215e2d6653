from django.core.management.base import BaseCommand

from applications import places


class Command(BaseCommand):
    help = (
        "Retire les places non confirmées dans le délai et les propose à la liste "
        "d'attente (courriel envoyé), pour chaque pilier. À lancer chaque jour."
    )

    def handle(self, *args, **options):
        promoted = places.expire_places()
        self.stdout.write(f"{len(promoted)} place(s) proposée(s) à la liste d'attente.")
