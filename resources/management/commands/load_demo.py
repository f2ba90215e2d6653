import importlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from resources import demo

# Demo loaders of the other rooms and pillars, called in this order: (module, function).
# Each reads its data file in ints_portal/demo_data/ and can also run on its own.
OTHER_LOADERS = [
    ("resources.agenda.demo", "load_agenda_demo"),
    ("resources.training.demo", "load_training_demo"),
    ("resources.observatory.demo", "load_observatory_demo"),
    ("research.demo", "load_research_demo"),
    ("research.calls.demo", "load_calls_demo"),
    ("hautes_etudes.demo", "load_hautes_etudes_demo"),
]
CURATOR_USERNAME = "curateur"


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (idempotent : le relancer ne change rien). "
        "Crée un compte curateur de démonstration seulement en mode DEBUG."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Centre de ressources : {demo.load_resources_demo()}")
        for module_name, function_name in OTHER_LOADERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            loader = getattr(module, function_name, None)
            if loader is not None:
                with transaction.atomic():
                    result = loader()
                self.stdout.write(f"{module_name} : {result if result is not None else 'ok'}")
        if settings.DEBUG:
            self._demo_curator()
            importlib.import_module("ints_portal.applications.demo_selection").load(
                stdout=self.stdout
            )
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))

    def _demo_curator(self):
        User = get_user_model()
        if User.objects.filter(username=CURATOR_USERNAME).exists():
            self.stdout.write(
                f"Le compte curateur de démonstration « {CURATOR_USERNAME} » existe déjà."
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=CURATOR_USERNAME,
            email="curateur@example.org",
            password=password,
            is_staff=True,
            first_name="Camille",
            last_name="Curatrice",
        )
        user.groups.add(Group.objects.get(name="Curateurs"))
        self.stdout.write(
            self.style.WARNING(
                f"Compte curateur de démonstration : {CURATOR_USERNAME} / {password} "
                "(affiché une seule fois)"
            )
        )
