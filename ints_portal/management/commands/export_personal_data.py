import json

from django.core.management.base import BaseCommand

from core import privacy as registry


class Command(BaseCommand):
    help = "Exporte en JSON tout ce que le portail détient sur une personne (droit d'accès)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        data = registry.export_person(email=email)
        from resources.engagement.models import Subscription

        data["alertes"] = [
            {"query": s.query_string, "scope": s.scope, "created_at": s.created_at.isoformat()}
            for s in Subscription.objects.filter(email__iexact=email)
        ]
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
