from resources.agenda.models import Event
from resources.signals import connect

connect(Event)
