"""Where stored files live (local disk or an S3-compatible bucket) and the one way to serve them.

Every file the portal keeps (applicants' documents, resource files, generated CSV and PDF) goes
through Django's default storage, never through a path on this host's disk: with the four
`AWS_*` variables set, that storage is a private bucket (django-storages' S3 backend), so that
several instances on several hosts serve each other's uploads. Downloads always pass through a
view that checks the reader's rights and streams the storage's file (`stored_file_response`);
objects are never public, and a URL that the storage signs is valid for 60 seconds only."""

import logging

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# A signed URL (FieldFile.url on the bucket) opens the object for this long, then never again.
SIGNED_URL_SECONDS = 60
# What a storage raises when it cannot be reached or written: local disk full or unmounted
# (OSError), bucket unreachable or refusing (botocore). FileNotFoundError is an OSError too:
# catch it first where a missing file means something else (a 404).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
# How long a stored-file view asks the browser to wait when the storage is down.
RETRY_AFTER_SECONDS = 120


def s3_storage(*, endpoint_url, bucket_name, access_key, secret_key, region_name="us-east-1"):
    """The STORAGES entry of a private bucket (settings and the tests build it here, alike)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": endpoint_url,
            "bucket_name": bucket_name,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region_name,
            # Objects are private; any URL the storage gives out is signed and short-lived.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": SIGNED_URL_SECONDS,
            # Names are random (core.uploads.private_upload_path): a clash gets a new
            # name rather than replacing someone else's document.
            "file_overwrite": False,
            # A download spools to a temporary file past this size, not to memory.
            "max_memory_size": 2 * 1024 * 1024,
            # A bucket that does not answer costs a request seconds, not minutes: the applicant
            # gets a message (applications/flow.py) while they are still there.
            "client_config": Config(
                signature_version="s3v4",
                # Self-hosted S3 servers (SeaweedFS, MinIO, Garage) answer on one host name.
                s3={"addressing_style": "path"},
                connect_timeout=3,
                read_timeout=20,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        },
    }


def stored_file_response(request, fieldfile, *, filename, content_type, as_attachment=True):
    """A FileResponse streaming `fieldfile` from the storage, whichever it is; 404 when the file
    is missing, a French 503 page (with Retry-After) when the storage cannot be reached.

    The caller has already checked that the reader may read it."""
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # ValueError: the field holds no file
        raise Http404(_("Le fichier est introuvable.")) from exc
    except STORAGE_ERRORS:
        logger.exception("Stored file %s could not be read", fieldfile.name)
        return storage_unavailable_response(request)
    return FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )


def storage_unavailable_response(request):
    response = render(
        request,
        "file_unavailable.html",
        {"retry_after_minutes": -(-RETRY_AFTER_SECONDS // 60)},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
