"""Copy the files kept on this host's disk to the S3 bucket, under the same names.

Run once when a site moves from INTS_PRIVATE_MEDIA_ROOT to object storage (docs/deploy.md),
then again as often as wanted: an object already in the bucket with the same size is skipped,
so a run interrupted half-way resumes where it stopped. The disk is only read; remove the
folder once the report shows no failure."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from storages.backends.s3 import S3Storage
from tqdm import tqdm

from core.storage import STORAGE_ERRORS


class Command(BaseCommand):
    help = (
        "Copie vers le bucket S3 (AWS_*) les fichiers stockés sur le disque local, sous le même "
        "nom ; ceux déjà présents avec la même taille sont ignorés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=os.environ.get("INTS_PRIVATE_MEDIA_ROOT") or str(settings.VAR_DIR / "private"),
            help="Dossier à copier (par défaut INTS_PRIVATE_MEDIA_ROOT).",
        )

    def handle(self, *args, source, verbosity, **options):
        bucket = self._bucket()
        source = Path(source)
        if not source.is_dir():
            raise CommandError(f"Le dossier {source} n'existe pas.")
        paths = sorted(path for path in source.rglob("*") if path.is_file())
        copied, skipped, failed = 0, 0, []
        for path in tqdm(paths, unit=" fichier", file=self.stderr, disable=verbosity == 0):
            name = path.relative_to(source).as_posix()
            try:
                if self._same_size(bucket, name, path.stat().st_size):
                    skipped += 1
                    continue
                with path.open("rb") as handle:
                    stored = bucket.save(name, File(handle, name=name))
                if stored != name:  # never: names are kept when file_overwrite is on
                    raise OSError(f"stored as {stored}")
                copied += 1
            except STORAGE_ERRORS as exc:
                failed.append((name, exc))
        for name, exc in failed:
            self.stderr.write(f"Échec : {name} ({exc})")
        self.stdout.write(
            f"Fichiers dans {source} : {len(paths)} ; copiés : {copied} ; déjà présents (même "
            f"taille) : {skipped} ; en échec : {len(failed)}."
        )
        if failed:
            raise CommandError("Des fichiers n'ont pas été copiés : relancez la commande.")

    @staticmethod
    def _bucket():
        """The configured bucket, told to keep each name as it is (the database holds them)."""
        storage = settings.STORAGES["default"]
        if storage["BACKEND"] != "storages.backends.s3.S3Storage":
            raise CommandError(
                "Le stockage des fichiers n'est pas un bucket S3 : définissez "
                "AWS_S3_ENDPOINT_URL, AWS_STORAGE_BUCKET_NAME, AWS_ACCESS_KEY_ID et "
                "AWS_SECRET_ACCESS_KEY."
            )
        return S3Storage(**{**storage["OPTIONS"], "file_overwrite": True})

    @staticmethod
    def _same_size(bucket, name, size):
        try:
            return bucket.size(name) == size
        except FileNotFoundError:
            return False
