"""The demo alerts: readable selections, loaded twice without change."""

import pytest

from resources.agenda.demo import load_agenda_demo
from resources.engagement.demo import load_alerts_demo
from resources.engagement.models import Subscription

pytestmark = pytest.mark.django_db


def test_demo_alerts_name_their_selections_and_load_idempotently():
    load_agenda_demo()  # the search's kinds are named from the entries (« Événement »)
    first = load_alerts_demo()
    again = load_alerts_demo()

    labels = dict(Subscription.objects.values_list("email", "label"))
    assert labels == {
        "educatrice.ase@example.org": "Ressources · thématique Protection de l'enfance · Nord",
        "coordinatrice.mna@example.org": "Recherche « mineurs non accompagnés » · Événement",
        "cheffe.service@example.org": "Agenda · En ligne · thématique Protection de l'enfance",
        "doctorante@example.org": "Publications · Thèse · thématique Protection de l'enfance",
    }
    assert first == again
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 4
