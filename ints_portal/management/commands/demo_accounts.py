from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from applications import demo_accounts as accounts


class Command(BaseCommand):
    help = (
        "Réaffiche les comptes de démonstration du back-office (mot de passe, clé TOTP et code "
        "du moment), créés par load_demo en mode DEBUG."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Les comptes de démonstration n'existent qu'en mode DEBUG.")
        lines = accounts.block()
        if len(lines) <= 2:
            raise CommandError("Aucun compte de démonstration : lancez d'abord load_demo.")
        self.stdout.write("\n".join(lines))
