import importlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from resources import demo, search
from resources.signals import paused

# Demo loaders of the other rooms and pillars, called when they exist: (module, function).
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
        now = demo.now()
        with transaction.atomic():
            organisations = demo.load_organisations()
            specs = demo.build_specs()
            changed = []
            with paused():
                for spec in tqdm(specs, desc="Ressources", unit="ressource", disable=None):
                    resource = demo.load_resource(spec, now=now)
                    if resource is not None:
                        changed.append(resource)
                related = demo.link_related(specs)
            for resource in changed:
                search.index_object(resource)
        self.stdout.write(
            f"Centre de ressources : {len(specs)} ressources ({len(changed)} créées ou mises à "
            f"jour), {organisations} organisation(s) et {related} lien(s) modifiés."
        )
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
