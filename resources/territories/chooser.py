"""« Mon territoire »: a région or a département from what a visitor types, a name or a
postcode; no geolocation. A postcode gives its département by its first two digits, except in
Corsica (200xx–201xx: Corse-du-Sud, 202xx–206xx: Haute-Corse) and overseas (three digits)."""

import re
import unicodedata
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DsfrFormMixin
from resources.enums import TerritoryKind
from resources.models import Territory

MAX_LENGTH = 100
_POSTCODE = re.compile(r"^\d{5}$")
_DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[ab]|97[1-6])$")


REQUIRED = _("Indiquez le nom d'une région ou d'un département, ou un code postal.")


class ChooserForm(DsfrFormMixin, forms.Form):
    lieu = forms.CharField(
        label=_("Votre région, votre département ou votre code postal"),
        help_text=_("Par exemple : Nord, Hauts-de-France, 59000."),
        max_length=MAX_LENGTH,
        error_messages={
            "required": REQUIRED,
            "max_length": _("Indiquez au plus %(limit_value)d caractères."),
        },
    )


def departement_code(postcode):
    """The INSEE code of the département of a French postcode, or None if it is not one."""
    if not _POSTCODE.match(postcode):
        return None
    if postcode.startswith("20"):
        return "2A" if postcode[2] in "01" else "2B" if postcode[2] in "23456" else None
    if postcode.startswith("97"):
        return postcode[:3]
    return postcode[:2] if postcode[:2] != "00" else None


def normalize(text):
    """Lower case, no accents, one space between words: « Côtes-d'Armor » → « cotes d armor »."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass
class Answer:
    """What a search found: one territory to go to, several to choose from, or an error."""

    territory: Territory | None = None
    choices: list = field(default_factory=list)
    error: str = ""


def find(text):
    """The régions and départements `text` names: one query."""
    compact = text.replace(" ", "")
    if _POSTCODE.match(compact):
        code = departement_code(compact)
        territory = Territory.objects.departements().filter(code=code).first() if code else None
        if territory is None:
            return Answer(error=str(_("Ce code postal ne correspond à aucun département.")))
        return Answer(territory=territory)
    wanted = normalize(text)
    if not wanted:
        return Answer(error=str(REQUIRED))
    candidates = list(
        Territory.objects.exclude(kind=TerritoryKind.NATIONAL).order_by("kind", "code")
    )
    if _DEPARTEMENT_CODE.match(wanted.replace(" ", "")):
        code = wanted.replace(" ", "").upper()
        by_code = [t for t in candidates if t.kind == TerritoryKind.DEPARTEMENT and t.code == code]
        if by_code:
            return Answer(territory=by_code[0])
    exact = [t for t in candidates if normalize(t.name) == wanted]
    found = exact or [t for t in candidates if wanted in normalize(t.name)]
    if len(found) == 1:
        return Answer(territory=found[0])
    if found:
        return Answer(choices=sorted(found, key=lambda t: (t.kind != TerritoryKind.REGION, t.name)))
    return Answer(
        error=str(
            _(
                "Aucune région ni aucun département ne porte ce nom. Vérifiez l'orthographe ou "
                "indiquez un code postal."
            )
        )
    )
