import json
import subprocess
from pathlib import Path

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

VNU = (
    Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def nu_html_errors(paths):
    """The Nu HTML Checker's errors on the HTML files at `paths`, one "file:line: message" each."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


def verified_login(client, user):
    """Log `user` in as if they had also typed a valid TOTP code (second factor)."""
    client.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "test", "confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


def emailed_path():
    """The path of the last link emailed by the portal (e.g. an applicant's resume link, which
    the start form sends instead of opening the draft: proof the address is theirs)."""
    import re

    from django.core import mail

    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def open_emailed_link(client):
    """Open, in `client`, the last link emailed by the portal."""
    return client.get(emailed_path())


def sitemap_text(client, **extra):
    """Every section of the sitemap index (/sitemap.xml), all pages, as one text."""
    import re
    from urllib.parse import urlsplit

    index = client.get("/sitemap.xml", **extra).content.decode()
    parts = []
    for location in re.findall(r"<loc>([^<]+)</loc>", index):
        url = urlsplit(location.replace("&amp;", "&"))
        parts.append(client.get(url.path, dict(_query(url.query)), **extra).content.decode())
    return "\n".join(parts)


def _query(query):
    return [pair.split("=", 1) for pair in query.split("&") if "=" in pair]


# The management forms of the typed links' two admin inlines (editorial/graph_admin.py), empty:
# an admin change form POSTed by a test without touching its links.
NO_LINK_CHANGES = {
    f"editorial-link-{ends}-{field}": value
    for ends in ("source_type-source_id", "target_type-target_id")
    for field, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
}
