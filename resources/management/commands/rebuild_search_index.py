from django.core.management.base import BaseCommand
from tqdm import tqdm

from resources import search


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche de tous les contenus indexés."

    def handle(self, *args, **options):
        for model in search.registered_models():
            queryset = model.objects.all()
            for obj in tqdm(
                queryset.iterator(chunk_size=500),
                total=queryset.count(),
                desc=str(model._meta.verbose_name_plural),
                disable=None,
            ):
                search.index_object(obj)
        self.stdout.write(self.style.SUCCESS("Index de recherche reconstruit."))
