"""The uploads bucket as it was at a point in time, after a database restored to that time
(docs/deploy.md, « Restore runbook »). The bucket is versioned: every overwrite or deletion
keeps the older version, so each key's newest version up to the target says what the database
of that time names.
"""

from datetime import datetime

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def versions_at(entries, target):
    """{key: (entry at `target` or None, current entry)} from ListObjectVersions entries
    (versions and delete markers, `deleted` set on the markers), each list newest first."""
    by_key = {}
    for entry in entries:
        by_key.setdefault(entry["Key"], []).append(entry)
    result = {}
    for key, history in by_key.items():
        # Newest first; the store's clock may stamp two versions in the same second, where
        # the current one is the newer.
        history.sort(key=lambda e: (e["LastModified"], e["IsLatest"]), reverse=True)
        at_target = next((e for e in history if e["LastModified"] <= target), None)
        result[key] = (at_target, history[0])
    return result


class Command(BaseCommand):
    help = (
        "Remet le compartiment des fichiers (versionné) dans son état à un instant donné : "
        "chaque fichier reprend sa version de ce moment, ceux créés après sont masqués "
        "(marqueur de suppression, réversible)."
    )

    def add_arguments(self, parser):
        parser.add_argument("at", help="instant avec son décalage, ex. « 2026-11-23 14:30+01:00 »")
        parser.add_argument("--bucket", default=getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""))
        parser.add_argument("--endpoint-url", default=getattr(settings, "AWS_S3_ENDPOINT_URL", ""))
        parser.add_argument("--region", default=getattr(settings, "AWS_S3_REGION_NAME", None))
        parser.add_argument("--ca-bundle", help="certificat de l'autorité du stockage")
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")

    def handle(self, *args, at, bucket, endpoint_url, region, ca_bundle, dry_run, **options):
        try:
            target = datetime.fromisoformat(at)
        except ValueError as exc:
            raise CommandError(f"Instant illisible : « {at} ».") from exc
        if target.tzinfo is None:
            raise CommandError(f"Indiquez le décalage horaire de « {at} » (ex. +01:00).")
        if not bucket:
            raise CommandError(
                "Aucun compartiment : définissez AWS_STORAGE_BUCKET_NAME ou donnez --bucket."
            )
        client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or "us-east-1",
            verify=ca_bundle or True,
            aws_access_key_id=getattr(settings, "AWS_ACCESS_KEY_ID", None),
            aws_secret_access_key=getattr(settings, "AWS_SECRET_ACCESS_KEY", None),
        )
        try:
            self.put_back(client, bucket, target, dry_run)
        except (BotoCoreError, ClientError) as exc:
            raise CommandError(f"Le stockage a refusé ou n'a pas répondu : {exc}") from exc

    def put_back(self, client, bucket, target, dry_run):
        entries = []
        for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
            entries += [{**e, "deleted": False} for e in page.get("Versions", [])]
            entries += [{**e, "deleted": True} for e in page.get("DeleteMarkers", [])]
        restored = hidden = unchanged = 0
        for key, (then, now) in sorted(versions_at(entries, target).items()):
            if then is not None and not then["deleted"]:
                if then["VersionId"] == now["VersionId"]:
                    unchanged += 1
                    continue
                restored += 1
                if not dry_run:
                    source = {"Bucket": bucket, "Key": key, "VersionId": then["VersionId"]}
                    client.copy_object(Bucket=bucket, Key=key, CopySource=source)
            elif not now["deleted"]:  # absent at the target, present now
                hidden += 1
                if not dry_run:
                    client.delete_object(Bucket=bucket, Key=key)
            else:
                unchanged += 1
        self.stdout.write(
            f"{restored} fichier(s) remis à leur version du {target.isoformat(' ')}, {hidden} "
            f"fichier(s) plus récent(s) masqué(s), {unchanged} inchangé(s)"
            f"{' (simulation)' if dry_run else ''}."
        )
