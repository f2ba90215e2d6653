import concurrent.futures
import urllib.error
import urllib.request

from django.core.management.base import BaseCommand
from django.utils import timezone

from resources.models import Resource

TIMEOUT_SECONDS = 10
USER_AGENT = "INTS-verificateur-de-liens/1.0 (+https://ints.gouv.fr)"


def check_url(url):
    """An error message in French, or "" when the URL answers with a success status."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  (curated http(s) links only)
                if response.status < 400:
                    return ""
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue  # some servers refuse HEAD: try GET before calling it broken
            return f"Le lien répond {exc.code}"
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as exc:
            return f"Lien injoignable ({getattr(exc, 'reason', exc)})"[:300]
    return "Le lien ne répond pas correctement"


def check_resource(resource):
    problems = []
    if resource.file and not resource.file.storage.exists(resource.file.name):
        problems.append("Fichier absent du stockage")
    if resource.external_url:
        error = check_url(resource.external_url)
        if error:
            problems.append(error)
    return "; ".join(problems)[:300]


class Command(BaseCommand):
    help = (
        "Vérifie les liens externes et les fichiers des ressources publiées et signale les "
        "ressources cassées aux curateurs (filtre « lien cassé » de l'administration)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=8)

    def handle(self, *args, workers, **options):
        resources = list(
            Resource.objects.published()
            .exclude(file="", external_url="")
            .only("pk", "file", "external_url", "title")
        )
        now = timezone.now()
        broken = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for resource, error in zip(resources, pool.map(check_resource, resources), strict=True):
                Resource.objects.filter(pk=resource.pk).update(
                    link_error=error, link_checked_at=now
                )
                if error:
                    broken += 1
                    self.stdout.write(f"Cassé : {resource.title} — {error}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(resources)} ressource(s) vérifiée(s), {broken} cassée(s).")
        )
