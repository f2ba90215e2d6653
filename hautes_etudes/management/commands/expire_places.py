from django.core.management.base import BaseCommand

from hautes_etudes import services


class Command(BaseCommand):
    help = (
        "Retire les places non confirmées dans le délai et les propose à la liste "
        "d'attente (courriel envoyé). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        promoted = services.expire_places()
        self.stdout.write(f"{len(promoted)} place(s) proposée(s) à la liste d'attente.")
