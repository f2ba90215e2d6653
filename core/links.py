"""Secret links in emails, rendered when the email is sent, never stored.

A queued email keeps a placeholder and a reference (`SecretLink(kind, **ref)`: what the link
is for, e.g. an application's public id and the time the link was issued); the outbox asks
this registry for the path at send time. The reference alone opens nothing: the token in the
path is signed with the SECRET_KEY, which is neither in the database nor in its dumps.

A link is signed at the time written in its reference (`sign_at`), so sending the same message
again gives the very same link, and its age counts from the decision, not from the resend.
"""

import secrets
import time

from django.core import signing

_resolvers = {}


def register(kind):
    """Decorator: `resolver(**ref) -> path` renders the links of `kind` (once per kind)."""

    def decorate(resolver):
        _resolvers[kind] = resolver
        return resolver

    return decorate


class SecretLink:
    """A link put in an email's context in place of its path (see send_templated_email)."""

    def __init__(self, kind, **ref):
        self.kind, self.ref = kind, ref
        self.placeholder = f"@@lien-{secrets.token_hex(12)}@@"

    def __str__(self):
        return self.placeholder

    def as_json(self):
        return {"kind": self.kind, "ref": self.ref}


def resolve(kind, ref):
    return _resolvers[kind](**ref)


def render(text, links):
    """`text` with each placeholder of `links` ({placeholder: {kind, ref}}) replaced."""
    for placeholder, link in links.items():
        if placeholder in text:
            text = text.replace(placeholder, resolve(link["kind"], link["ref"]))
    return text


def now_stamp():
    return int(time.time())


class _SignerAt(signing.TimestampSigner):
    def __init__(self, *, at, **kwargs):
        super().__init__(**kwargs)
        self._at = at

    def timestamp(self):
        return signing.b62_encode(self._at)


def sign_at(value, *, salt, at):
    """signing.dumps(value, salt=salt) as if called at the Unix time `at` (same checks on
    reading: signing.loads with max_age counts from `at`)."""
    return _SignerAt(at=int(at), salt=salt).sign_object(value)
