import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from applications import demo_accounts as accounts
from resources import demo

# Demo loaders of the other rooms and pillars, called in this order: (module, function).
# Each reads its data file in ints_portal/demo_data/ and can also run on its own.
OTHER_LOADERS = [
    ("accounts.demo", "load_contributors_demo"),
    ("resources.agenda.demo", "load_agenda_demo"),
    ("resources.training.demo", "load_training_demo"),
    ("resources.contributions.demo", "load_contributions_demo"),
    ("resources.observatory.demo", "load_observatory_demo"),
    ("research.demo", "load_research_demo"),
    ("research.calls.demo", "load_calls_demo"),
    ("research.questions.demo", "load_questions_demo"),
    ("hautes_etudes.demo", "load_hautes_etudes_demo"),
    ("ints_portal.demo_territories", "load_territories_demo"),
    ("ints_portal.editorial_demo", "load_editorial_demo"),
    ("ints_portal.graph_demo", "load_graph_demo"),  # links rows of every pillar: last
]
# In DEBUG only: the back-office accounts (accounts.yaml), the demo alerts (their addresses) and
# each pillar's selection, whose applications carry personal-looking data and whose accounts
# have known passwords.
SELECTION_LOADERS = [
    ("resources.engagement.demo", "load_alerts_demo"),
    ("hautes_etudes.demo", "load_selection_demo"),
    ("research.calls.demo", "load_selection_demo"),
    ("research.questions.demo", "link_demo_researcher"),
]


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (idempotent : le relancer ne change rien). En mode "
        "DEBUG, y ajoute les comptes du back-office et les sélections de démonstration, et "
        "termine par les identifiants des comptes (réaffichés par demo_accounts)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Centre de ressources : {demo.load_resources_demo()}")
        self._run(OTHER_LOADERS)
        if settings.DEBUG:
            with transaction.atomic():
                accounts.load()
            self._run(SELECTION_LOADERS)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
        if settings.DEBUG:
            self.stdout.write("\n".join(accounts.block()))

    def _run(self, loaders):
        for module_name, function_name in loaders:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            loader = getattr(module, function_name, None)
            if loader is not None:
                with transaction.atomic():
                    result = loader()
                self.stdout.write(f"{module_name} : {result if result is not None else 'ok'}")
