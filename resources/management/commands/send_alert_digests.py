from django.core.management.base import BaseCommand

from resources.engagement.services import send_digests


class Command(BaseCommand):
    help = (
        "Envoie à chaque abonné confirmé les nouveautés de sa recherche enregistrée depuis le "
        "dernier envoi. À lancer chaque jour (cron ou minuteur systemd)."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(self.style.SUCCESS(f"{sent} courriel(s) d'alerte envoyé(s)."))
