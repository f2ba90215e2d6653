"""French numbers in templates: `{{ call.budget|euros }}`, `{{ file.size|taille_fichier }}`,
`{{ count|nombre }}`."""

from django import template

from core.formatting import format_euros, format_file_size, format_number
from core.uploads import LABELS

register = template.Library()


@register.filter
def euros(value):
    """ "78 000 €"; empty for a missing amount."""
    return "" if value in (None, "") else format_euros(value)


@register.filter
def taille_fichier(size):
    """ "1,2 Mo"; empty for a missing size."""
    return "" if size in (None, "") else format_file_size(size)


@register.filter
def nombre(value):
    """ "110 000" (thin spaces between thousands, as French writes them)."""
    return "" if value in (None, "") else format_number(value)


@register.filter
def fichier(mime, size=None):
    """A download in words: `{{ mime|fichier:size }}` gives « PDF, 1,2 Mo » (DSFR's detail line);
    below 1 ko a size reads « 1 ko » (« 645 octets » tells a reader nothing more)."""
    parts = [file_kind(mime)] if mime else []
    if size:
        parts.append(format_file_size(max(int(size), 1024)))
    return ", ".join(parts)


def file_kind(mime):
    """« PDF », « Word »… for the types we accept (core.uploads.LABELS); otherwise the
    subtype in capitals (« image/png » reads « PNG »)."""
    mime = mime.split(";")[0].strip().lower()
    return LABELS.get(mime) or mime.rsplit("/", 1)[-1].rsplit(".", 1)[-1].upper()
