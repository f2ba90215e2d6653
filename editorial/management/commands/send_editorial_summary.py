from django.core.management.base import BaseCommand

from editorial import notifications


class Command(BaseCommand):
    help = (
        "Envoie aux éditeurs le récapitulatif des propositions qui attendent une relecture, "
        "quand il y en a plus de cinq (en deçà, chacune a été annoncée). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        count = notifications.send_daily_summary()
        self.stdout.write(f"{count} proposition(s) dans le récapitulatif.")
