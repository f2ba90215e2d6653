"""Small helpers that read settings from environment variables and reject bad values loudly."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def envlist(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def envgroup(*names):
    """{name: value} for variables that only make sense together: all set, or none ({}).

    Some without the others stops the start-up: a half-configured bucket would otherwise
    leave files on one host's disk without anybody noticing."""
    values = {name: os.environ.get(name, "").strip() for name in names}
    missing = [name for name, value in values.items() if not value]
    if len(missing) == len(names):
        return {}
    if missing:
        raise ImproperlyConfigured(
            f"{', '.join(missing)} must be set too (or none of {', '.join(names)})"
        )
    return values
