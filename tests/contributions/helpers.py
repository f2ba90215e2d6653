import re
from html import unescape

CREDIT = {
    "credit_as": "team",
    "credit_detail": "la MDS de Roubaix",
    "credit_consent": "on",
}


def text(response):
    """The page's text without tags, spaces collapsed (the typography filter's no-break spaces
    too), for asserting French messages."""
    html = response.content.decode()
    plain = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", plain.replace("\u202f", " ").replace("\xa0", " "))


def practice_data(nord, theme, **overrides):
    data = {
        "title": "Le café des parents à la MDS",
        "problem": "Des parents isolés ne venaient plus aux rendez-vous.",
        "action": "Un café mensuel, animé avec une association de quartier.",
        "results": "Deux fois plus de parents reçus en un an.",
        "organisation_name": "MDS de Roubaix",
        "territory": str(nord.pk),
        "themes": [str(theme.pk)],
        "contact_name": "",
        "intent": "propose",
        **CREDIT,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
