"""Demo events: deterministic, idempotent; dates are set relative to the first load only."""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from resources.agenda.models import Event
from resources.enums import ResourceStatus
from resources.models import Audience, Organisation, Territory, Theme

SEED = 59
KINDS = [
    ("Journée d'étude", "Une journée pour croiser recherches et pratiques sur {topic}."),
    (
        "Colloque",
        "Deux jours d'échanges entre professionnels, chercheurs et personnes "
        "accompagnées autour de {topic}.",
    ),
    ("Webinaire", "Une heure trente en ligne pour découvrir {topic} avec des praticiens."),
    ("Rencontre territoriale", "Les acteurs du territoire se retrouvent pour parler de {topic}."),
    ("Atelier", "Un atelier pratique, en petit groupe, sur {topic}."),
]
TOPICS = [
    "l'aller-vers",
    "la pair-aidance",
    "la protection de l'enfance",
    "la VAE en travail social",
    "le logement d'abord",
    "la santé mentale des jeunes",
    "l'accueil des mineurs non accompagnés",
    "la participation des personnes accompagnées",
    "le développement social local",
    "l'attractivité des métiers du social",
    "l'inclusion numérique",
    "la prévention des expulsions",
]
CITIES = {
    "59": ("Lille", "59000"),
    "62": ("Arras", "62000"),
    "33": ("Bordeaux", "33000"),
    "31": ("Toulouse", "31000"),
    "69": ("Lyon", "69001"),
    "13": ("Marseille", "13001"),
    "75": ("Paris", "75013"),
    "35": ("Rennes", "35000"),
    "44": ("Nantes", "44000"),
    "67": ("Strasbourg", "67000"),
    "21": ("Dijon", "21000"),
    "45": ("Orléans", "45000"),
    "14": ("Caen", "14000"),
    "974": ("Saint-Denis", "97400"),
    "34": ("Montpellier", "34000"),
    "2A": ("Ajaccio", "20000"),
}
COUNT = 64


def load_agenda_demo(*, now=None):
    """Create the demo events once; later runs change nothing. Returns how many were created."""
    now = now or timezone.now()
    rng = random.Random(SEED)
    departements = {t.code: t for t in Territory.objects.departements().filter(code__in=CITIES)}
    themes = list(Theme.objects.order_by("position"))
    audiences = list(Audience.objects.order_by("position"))
    organisations = list(Organisation.objects.order_by("slug")[:20])
    codes = sorted(CITIES)
    created = 0
    for n in range(COUNT):
        kind, pitch = KINDS[n % len(KINDS)]
        topic = TOPICS[n % len(TOPICS)]
        online = kind == "Webinaire"
        code = "59" if n % 6 == 0 else codes[n % len(codes)]
        departement = None if online else departements.get(code)
        city, postcode = CITIES[code]
        title = f"{kind} : {topic}" + ("" if online else f" à {city}")
        slug = slugify(f"{title}-{n}")[:200]
        if Event.objects.filter(slug=slug).exists():
            continue
        # Spread from 60 days ago to 10 months ahead; every sixth event is in Nord next month.
        offset = 35 + n % 20 if n % 6 == 0 else rng.randint(-60, 300)
        start = (now + datetime.timedelta(days=offset)).replace(
            hour=9 if not online else 14, minute=30 if not online else 0, second=0, microsecond=0
        )
        length = (
            datetime.timedelta(days=1, hours=8)
            if kind == "Colloque"
            else (
                datetime.timedelta(hours=1, minutes=30) if online else datetime.timedelta(hours=7)
            )
        )
        event = Event.objects.create(
            title=title,
            slug=slug,
            summary=pitch.format(topic=topic),
            description=(
                f"<p>{pitch.format(topic=topic)}</p><h2>Programme</h2><ul>"
                "<li>Accueil et ouverture</li><li>Tables rondes</li>"
                "<li>Ateliers et synthèse</li></ul>"
            ),
            starts_at=start,
            ends_at=start + length,
            is_online=online,
            online_url="https://webinaire.example.org/ints" if online else "",
            venue_name="" if online else f"Maison des solidarités de {city}",
            address="" if online else f"{rng.randint(1, 120)} rue de la République",
            postcode="" if online else postcode,
            city="" if online else city,
            departement=departement,
            organiser=organisations[n % len(organisations)] if organisations else None,
            capacity=None if online else rng.choice([40, 80, 120, 300]),
            registration_url=f"https://inscriptions.example.org/{slug[:40]}",
            registration_closed=n % 9 == 4,
            status=ResourceStatus.PUBLISHED,
            publication_date=now - datetime.timedelta(days=90),
        )
        event.themes.set([themes[n % len(themes)], themes[(n * 5 + 2) % len(themes)]])
        event.audiences.set([audiences[n % len(audiences)], audiences[1]])
        created += 1
    return f"{created} événement(s) créé(s)"
