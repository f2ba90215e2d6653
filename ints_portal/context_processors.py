from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAIN_NAVIGATION = [
    ("resources:list", _("Ressources")),
    ("resources:agenda", _("Agenda")),
    ("resources:observatory", _("Observatoire")),
    ("resources:training", _("Se former")),
    ("research:home", _("Recherche")),
    ("hautes_etudes:home", _("Hautes études")),
]


def site(request):
    """Site-wide template context; runs no SQL query."""
    path = request.path
    navigation = []
    for name, label in MAIN_NAVIGATION:
        url = reverse(name)
        navigation.append({"url": url, "label": label, "active": path.startswith(url)})
    return {
        "SITE_NAME": "Institut national du travail social",
        "SITE_URL": settings.SITE_URL,
        "main_navigation": navigation,
    }
