"""Fill the database of DATABASE_URL with a realistic catalogue of SIZE resources.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.generate 100000

On top of the demo content (`manage.py load_demo`, which bench.run loads first: organisations,
observatory, training, labs, editions), it adds resources up to SIZE, then publications up to
SIZE/5, events up to SIZE/20 and applications up to SIZE/50 (the proportions of issue 6:
100,000 / 20,000 / 5,000 / 2,000). Distributions follow real catalogues: a few types and themes
dominate, professionals are the main audience, a third of the content is national and the
rest follows the population of regions and départements, recent years weigh more.

Rows are written with bulk_create (signals do not fire), then their search entries are written
the same way: a SearchEntry row per object with the document its model's `search_document()`
describes; PostgreSQL's trigger computes the weighted French tsvector on insert. A full run at
100,000 resources takes a few minutes. Deterministic (fixed seed) and idempotent: a database that
already holds SIZE resources is left as it is.
"""

import os
import random
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from taggit.models import Tag, TaggedItem  # noqa: E402
from tqdm import tqdm  # noqa: E402

from hautes_etudes.models import Application, Edition  # noqa: E402
from research.identifiers import title_key  # noqa: E402
from research.models import Publication, PublicationContributor  # noqa: E402
from resources import demo, search  # noqa: E402
from resources.agenda.models import Event  # noqa: E402
from resources.models import (  # noqa: E402
    Audience,
    Organisation,
    Resource,
    ResourceType,
    SearchEntry,
    SearchTerm,
    Territory,
    Theme,
)
from resources.richtext import sanitize_html, strip_html  # noqa: E402

SEED = 20261123
BATCH = 2000

# Relative weights; anything not listed weighs 2 (themes), 3 (types) or 1 (audiences).
TYPE_WEIGHTS = {
    "fiche-pratique": 18,
    "article": 14,
    "guide": 12,
    "retour-dexperience": 10,
    "rapport": 8,
    "etude": 7,
    "outil": 6,
    "module-de-formation": 5,
    "video": 5,
    "memoire": 4,
    "podcast": 3,
    "ouvrage": 2,
    "actes-de-colloque": 2,
    "texte-de-reference": 2,
    "these": 1,
    "jeu-de-donnees": 1,
}
THEME_WEIGHTS = {
    "protection-de-lenfance": 20,
    "handicap": 12,
    "autonomie-et-grand-age": 10,
    "insertion-et-rsa": 9,
    "lutte-contre-la-pauvrete": 9,
    "hebergement-et-logement": 8,
    "sante-mentale": 7,
    "familles-et-parentalite": 7,
    "jeunesse": 6,
    "acces-aux-droits": 6,
    "violences-intrafamiliales-et-sexuelles": 5,
    "migrations-et-mineurs-non-accompagnes": 4,
    "accompagnement-global": 4,
    "aller-vers": 4,
    "participation-des-personnes-accompagnees": 4,
    "protection-juridique-des-majeurs": 3,
    "developpement-social-local": 3,
    "competences-partagees": 3,
    "pair-aidance": 3,
    "transition-numerique": 3,
}
AUDIENCE_WEIGHTS = {
    "professionnels": 50,
    "etudiants": 20,
    "formateurs": 12,
    "employeurs": 8,
    "chercheurs": 8,
    "elus": 6,
    "personnes-accompagnees": 5,
}
# Population of the largest départements, in hundreds of thousands; others weigh 4.
POPULATION = {
    "59": 26, "75": 21, "13": 20, "69": 19, "93": 17, "92": 16, "33": 16, "62": 14, "78": 14,
    "77": 14, "94": 14, "44": 14, "31": 14, "91": 13, "38": 13, "95": 12, "34": 12, "76": 12,
    "67": 11, "06": 11, "35": 11, "83": 11, "57": 10, "974": 9, "29": 9, "48": 1, "23": 1,
    "05": 1, "90": 1, "976": 3, "973": 3, "2A": 2, "2B": 2,
}  # fmt: skip
INSTITUTIONS = [
    "MECS", "CHRS", "ESAT", "EHPAD", "SAVS", "SAMSAH", "PMI", "CCAS", "MDPH", "ITEP", "IME",
    "foyer de jeunes travailleurs", "centre social", "service d'AEMO", "maison France services",
    "pension de famille", "lieu de vie et d'accueil", "service mandataire",
]  # fmt: skip
PROFESSIONS = [
    "éducatrices et éducateurs spécialisés", "assistantes et assistants de service social",
    "conseillères en économie sociale et familiale", "moniteurs-éducateurs",
    "accompagnants éducatifs et sociaux", "éducateurs de jeunes enfants",
    "cadres de l'intervention sociale", "travailleurs pairs", "médiateurs sociaux",
    "mandataires judiciaires", "aides à domicile", "psychologues",
]  # fmt: skip
SENTENCES = [
    "Les {prof} de {inst} décrivent leurs pratiques, leurs doutes et leurs appuis.",
    "L'enquête repose sur des entretiens menés en {place} avec des {prof} et des familles.",
    "Elle propose des repères juridiques, des outils d'évaluation et des exemples de terrain.",
    "Les personnes accompagnées ont participé à sa rédaction et à sa relecture.",
    "Le département a mis en place une coordination entre {inst} et associations.",
    "Les résultats soulignent l'importance du partenariat et de la formation continue.",
    "Un chapitre traite de l'évaluation, des indicateurs de suivi et du secret partagé.",
    "Les auteurs insistent sur la place de la relation dans l'accompagnement social.",
    "La démarche d'aller-vers a permis de rejoindre des personnes en situation de non-recours.",
    "Une grille d'entretien et un modèle de projet personnalisé sont proposés en annexe.",
    "Les équipes de {inst} ont expérimenté l'analyse des pratiques professionnelles.",
    "Le texte revient sur la loi du 2 janvier 2002 et les droits des usagers.",
    "Des {prof} témoignent de la charge administrative et du manque de temps.",
    "L'expérimentation menée en {place} a été évaluée par un laboratoire universitaire.",
]
EXTRA_PEOPLE = [
    "Hélène Bernard", "Olivier Lambert", "Samira Ouali", "Pierre Rousseau", "Camille Blanc",
    "Nicolas Faure", "Julie Mercier", "Mamadou Sow", "Anne-Laure Chevalier", "Rachid Amrani",
    "Céline Perrin", "Bruno Masson", "Léa Morel", "Vincent Gauthier", "Inès Brahimi",
]  # fmt: skip
VENUES = [
    "Vie sociale", "Revue française des affaires sociales", "Empan", "Le Sociographe",
    "Forum", "Les Cahiers de l'Actif", "Informations sociales", "Sociologie",
    "Revue française de service social", "Lien social et politiques", "Éducation permanente",
]  # fmt: skip
PUBLICATION_TYPES = {
    "article": 50, "report": 15, "chapter": 12, "communication": 10, "book": 5, "thesis": 6,
    "dataset": 2,
}  # fmt: skip
PUBLICATION_PATTERNS = [
    "{Topic} : une enquête auprès des professionnels",
    "Repenser {topic} : regards croisés",
    "{Topic} et politiques sociales en {place}",
    "Ce que {topic} fait au travail social",
    "{Topic} : trajectoires et institutions",
    "Approche participative de {topic}",
]


def weighted(items, weights, default):
    return [weights.get(item.slug, default) for item in items]


class Catalogue:
    """Vocabularies and weights read once from the database."""

    def __init__(self, rng):
        self.rng = rng
        self.types = list(ResourceType.objects.order_by("position"))
        self.type_weights = weighted(self.types, TYPE_WEIGHTS, 3)
        self.themes = list(Theme.objects.order_by("position"))
        self.theme_weights = weighted(self.themes, THEME_WEIGHTS, 2)
        self.audiences = list(Audience.objects.order_by("position"))
        self.audience_weights = weighted(self.audiences, AUDIENCE_WEIGHTS, 1)
        self.national = Territory.objects.get(kind="national")
        self.departements = list(Territory.objects.departements().order_by("code"))
        self.dep_weights = [POPULATION.get(d.code, 4) for d in self.departements]
        self.regions = {r.pk: r for r in Territory.objects.regions()}
        self.organisations = list(Organisation.objects.order_by("pk"))
        self.people = demo.PEOPLE + EXTRA_PEOPLE

    def pick(self, items, weights, k=1):
        chosen = []
        for _ in range(k * 3):
            item = self.rng.choices(items, weights=weights, k=1)[0]
            if item not in chosen:
                chosen.append(item)
            if len(chosen) == k:
                break
        return chosen

    def place(self):
        """(territory, label): national a third of the time, else by population."""
        roll = self.rng.random()
        if roll < 0.35:
            return self.national, "France"
        dep = self.rng.choices(self.departements, weights=self.dep_weights, k=1)[0]
        if roll < 0.55:
            region = self.regions.get(dep.parent_id, dep)
            return region, region.name
        return dep, dep.name

    def paragraph(self, place, n):
        rng = self.rng
        return " ".join(
            rng.choice(SENTENCES).format(
                prof=rng.choice(PROFESSIONS), inst=rng.choice(INSTITUTIONS), place=place
            )
            for _ in range(n)
        )

    def days_back(self):
        return int(3650 * self.rng.random() ** 1.6)  # recent years weigh more


def generate(size):
    started = time.monotonic()
    rng = random.Random(SEED)
    cat = Catalogue(rng)
    now = timezone.now()
    _resources(cat, size, now)
    _publications(cat, size // 5)
    _events(cat, size // 20, now)
    _applications(cat, size // 50, now)
    print("Statistiques du planificateur (VACUUM ANALYZE)…", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    counts = {
        "ressources": Resource.objects.count(),
        "publications": Publication.objects.count(),
        "événements": Event.objects.count(),
        "candidatures": Application.objects.count(),
        "entrées de l'index": SearchEntry.objects.count(),
    }
    print(
        ", ".join(f"{v} {k}" for k, v in counts.items())
        + f" : catalogue prêt en {time.monotonic() - started:.0f} s."
    )


# Resources --------------------------------------------------------------------------------


def _resources(cat, size, now):
    existing = Resource.objects.count()
    if existing >= size:
        print(f"Déjà {existing} ressources : rien à ajouter.")
        return
    rng = cat.rng
    ct = ContentType.objects.get_for_model(Resource)
    tags = [Tag.objects.get_or_create(name=name)[0] for name in demo.TAGS]
    by_theme = {}  # theme pk -> recent resource pks, for "related resources"
    words = set()
    with tqdm(total=size - existing, desc="Ressources", unit="ressource") as bar:
        for start in range(existing, size, BATCH):
            stop = min(start + BATCH, size)
            specs = [_resource_spec(cat, n, now) for n in range(start, stop)]
            with transaction.atomic():
                created = Resource.objects.bulk_create([spec["resource"] for spec in specs])
                for spec, resource in zip(specs, created, strict=True):
                    spec["resource"] = resource
                _m2m(Resource, specs)
                TaggedItem.objects.bulk_create(
                    [
                        TaggedItem(content_type=ct, object_id=s["resource"].pk, tag=tag)
                        for s in specs
                        for tag in rng.sample(tags, 2)
                    ]
                )
                _related(specs, by_theme)
                _index(
                    ct,
                    [
                        (s["resource"], _resource_document(s), s["themes"], s["audiences"],
                         s["territories"])
                        for s in specs
                    ],
                    words,
                )  # fmt: skip
            bar.update(stop - start)
    _terms(words)


def _resource_spec(cat, n, now):
    rng = cat.rng
    rtype = rng.choices(cat.types, weights=cat.type_weights, k=1)[0]
    themes = cat.pick(cat.themes, cat.theme_weights, k=rng.choice([1, 1, 2, 2, 3]))
    audiences = cat.pick(cat.audiences, cat.audience_weights, k=rng.choice([1, 2, 2, 3]))
    territory, place = cat.place()
    topics = demo.TOPICS.get(themes[0].slug, [themes[0].name.lower()])
    topic = rng.choice(topics)
    pattern = rng.choice(demo.TITLE_PATTERNS.get(rtype.slug, ["{Topic}"]))
    title = pattern.format(topic=topic, Topic=topic[0].upper() + topic[1:], place=place)
    if "{place}" not in pattern and rng.random() < 0.5:
        title = f"{title} ({place})"
    roll = rng.random()
    status, date = "published", now - timezone.timedelta(days=cat.days_back(), minutes=n % 1440)
    if roll < 0.03:
        status = "draft"
    elif roll < 0.05:
        status = "review"
    elif roll < 0.07:
        status = "archived"
    elif roll < 0.08:
        date = now + timezone.timedelta(days=rng.randint(1, 60))  # scheduled
    body = demo._body(topic, themes[0].name, [a.name for a in audiences], place, rng)
    body += f"<h2>En pratique</h2><p>{cat.paragraph(place, rng.randint(3, 6))}</p>"
    resource = Resource(
        title=title[:255],
        slug=f"{slugify(title)[:200]}-{n}",
        summary=(
            f"{rtype.name} sur {topic}, à l'usage des {audiences[0].name.lower()} : "
            f"{cat.paragraph(place, 2)}"
        )[:1000],
        body=sanitize_html(body),
        resource_type=rtype,
        source_organisation=rng.choice(cat.organisations) if rng.random() < 0.6 else None,
        authors="; ".join(rng.sample(cat.people, rng.randint(1, 3))),
        publication_date=date,
        language="en" if rng.random() < 0.02 else "fr",
        licence=rng.choice(["etalab-2.0", "etalab-2.0", "cc-by-4.0", "cc-by-sa-4.0"]),
        status=status,
    )
    return {
        "resource": resource,
        "themes": themes,
        "audiences": audiences,
        "territories": [territory],
    }


def _resource_document(spec):
    """Resource.search_document() without its per-object queries (tags left out)."""
    resource = spec["resource"]
    return {
        "kind": resource.resource_type.slug,
        "kind_label": resource.resource_type.name,
        "title": resource.title,
        "summary": resource.summary,
        "body": " ".join([strip_html(resource.body), resource.authors]),
        "url": resource.get_absolute_url(),
        "date": resource.publication_date,
        "is_public": resource.status == "published",
    }


def _m2m(model, specs, fields=("themes", "audiences", "territories")):
    source = f"{model._meta.model_name}_id"
    for name in fields:
        through = getattr(model, name).through
        target = f"{model._meta.get_field(name).related_model._meta.model_name}_id"
        through.objects.bulk_create(
            [
                through(**{source: spec["resource"].pk, target: obj.pk})
                for spec in specs
                for obj in spec[name]
            ]
        )


def _related(specs, by_theme):
    """Two related resources each, among recent ones of the same main theme (symmetrical)."""
    through = Resource.related.through
    rows = []
    for spec in specs:
        pk = spec["resource"].pk
        recent = by_theme.setdefault(spec["themes"][0].pk, [])
        for other in recent[-2:]:
            rows += [
                through(from_resource_id=pk, to_resource_id=other),
                through(from_resource_id=other, to_resource_id=pk),
            ]
        recent.append(pk)
        del recent[:-10]
    through.objects.bulk_create(rows, ignore_conflicts=True)


# The search index ----------------------------------------------------------------------------


def _index(content_type, rows, words):
    """Bulk version of search.index_object: rows of (object, document, themes, audiences,
    territories). The PostgreSQL trigger fills search_vector and rank_vector on insert."""
    entries = SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                content_type=content_type,
                object_id=obj.pk,
                kind=doc["kind"],
                kind_label=str(doc["kind_label"]),
                title=doc["title"][:255],
                summary=doc["summary"],
                body=doc["body"],
                url=doc["url"],
                date=doc["date"],
                year=search.entry_year(doc["date"]),
                is_public=doc["is_public"],
                search_text="",  # SQLite's substring match only
                facet_ids=search.facet_ids(themes=themes, audiences=audiences, territories=places),
            )
            for obj, doc, themes, audiences, places in rows
        ]
    )
    for index, name in enumerate(("themes", "audiences", "territories")):
        through = getattr(SearchEntry, name).through
        target = f"{SearchEntry._meta.get_field(name).related_model._meta.model_name}_id"
        through.objects.bulk_create(
            [
                through(searchentry_id=entry.pk, **{target: obj.pk})
                for entry, row in zip(entries, rows, strict=True)
                for obj in {o.pk: o for o in row[2 + index]}.values()
            ]
        )
    for _obj, doc, *_facets in rows:
        words.update(search.normalize(w) for w in search._WORD.findall(doc["title"]))


def _terms(words):
    """Words for "did you mean" (search.add_terms, in bulk)."""
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word) for word in sorted(words) if len(word) <= 60],
        ignore_conflicts=True,
        batch_size=BATCH,
    )


# Publications, events, applications ----------------------------------------------------------


def _publications(cat, count):
    existing = Publication.objects.count()
    if existing >= count:
        return
    rng = cat.rng
    ct = ContentType.objects.get_for_model(Publication)
    types = list(PUBLICATION_TYPES)
    weights = list(PUBLICATION_TYPES.values())
    words = set()
    with tqdm(total=count - existing, desc="Publications", unit="publication") as bar:
        for start in range(existing, count, BATCH):
            stop = min(start + BATCH, count)
            rows, themes = [], []
            for n in range(start, stop):
                chosen = cat.pick(cat.themes, cat.theme_weights, k=rng.choice([1, 2]))
                topic = rng.choice(demo.TOPICS.get(chosen[0].slug, [chosen[0].name.lower()]))
                _territory, place = cat.place()
                title = rng.choice(PUBLICATION_PATTERNS).format(
                    topic=topic, Topic=topic[0].upper() + topic[1:], place=place
                )
                kind = rng.choices(types, weights=weights, k=1)[0]
                rows.append(
                    Publication(
                        title=title,
                        title_key=title_key(title),
                        slug=f"{slugify(title)[:200]}-p{n}",
                        publication_type=kind,
                        year=2026 - int(25 * rng.random() ** 1.5),
                        venue=rng.choice(VENUES) if kind in ("article", "chapter") else "",
                        abstract=cat.paragraph(place, rng.randint(3, 5)),
                        keywords="; ".join(rng.sample(demo.TAGS, 3)),
                    )
                )
                themes.append(chosen)
            with transaction.atomic():
                created = Publication.objects.bulk_create(rows)
                through = Publication.themes.through
                through.objects.bulk_create(
                    [
                        through(publication_id=p.pk, theme_id=t.pk)
                        for p, chosen in zip(created, themes, strict=True)
                        for t in chosen
                    ]
                )
                PublicationContributor.objects.bulk_create(
                    [
                        PublicationContributor(
                            publication=p,
                            position=position,
                            family_name=name.split()[-1],
                            given_names=" ".join(name.split()[:-1]),
                        )
                        for p in created
                        for position, name in enumerate(rng.sample(cat.people, rng.randint(1, 4)))
                    ]
                )
                fresh = Publication.objects.filter(pk__in=[p.pk for p in created])
                fresh = fresh.prefetch_related("themes", "contributors")
                _index(ct, [(p, p.search_document(), p.themes.all(), [], []) for p in fresh], words)
            bar.update(stop - start)
    _terms(words)


def _events(cat, count, now):
    existing = Event.objects.count()
    if existing >= count:
        return
    rng = cat.rng
    ct = ContentType.objects.get_for_model(Event)
    rows, specs = [], []
    for n in range(existing, count):
        dep = rng.choices(cat.departements, weights=cat.dep_weights, k=1)[0]
        chosen = cat.pick(cat.themes, cat.theme_weights, k=rng.choice([1, 2]))
        topic = rng.choice(demo.TOPICS.get(chosen[0].slug, [chosen[0].name.lower()]))
        kind = rng.choice(["Journée d'étude", "Colloque", "Webinaire", "Rencontre", "Formation"])
        start = now + timezone.timedelta(days=rng.randint(-400, 240), hours=rng.randint(0, 8))
        online = kind == "Webinaire"
        rows.append(
            Event(
                title=f"{kind} : {topic} ({dep.name})",
                slug=f"{slugify(kind + ' ' + topic)[:200]}-e{n}",
                summary=cat.paragraph(dep.name, 2)[:600],
                description=f"<p>{cat.paragraph(dep.name, 4)}</p>",
                starts_at=start,
                ends_at=start + timezone.timedelta(hours=rng.choice([2, 3, 7, 7, 31])),
                is_online=online,
                online_url="https://webinaire.example.org/" if online else "",
                venue_name=""
                if online
                else f"{rng.choice(INSTITUTIONS).capitalize()} de {dep.name}",
                city=dep.name,
                departement=dep,
                region_id=dep.parent_id,
                status="published" if rng.random() < 0.95 else "draft",
                publication_date=start - timezone.timedelta(days=rng.randint(15, 90)),
            )
        )
        specs.append((chosen, cat.pick(cat.audiences, cat.audience_weights, k=rng.choice([1, 2]))))
    words = set()
    with tqdm(total=len(rows), desc="Événements", unit="événement") as bar:
        for start in range(0, len(rows), BATCH):
            with transaction.atomic():
                created = Event.objects.bulk_create(rows[start : start + BATCH])
                chunk = specs[start : start + BATCH]
                for name, index in (("themes", 0), ("audiences", 1)):
                    through = getattr(Event, name).through
                    target = f"{Event._meta.get_field(name).related_model._meta.model_name}_id"
                    through.objects.bulk_create(
                        [
                            through(event_id=e.pk, **{target: obj.pk})
                            for e, spec in zip(created, chunk, strict=True)
                            for obj in spec[index]
                        ]
                    )
                fresh = Event.objects.filter(pk__in=[e.pk for e in created])
                fresh = fresh.select_related("region", "departement")
                fresh = fresh.prefetch_related("themes", "audiences")
                _index(
                    ct,
                    [
                        (e, e.search_document(), e.themes.all(), e.audiences.all(),
                         [t for t in (e.region, e.departement) if t])
                        for e in fresh
                    ],
                    words,
                )  # fmt: skip
            bar.update(len(created))
    _terms(words)


def _applications(cat, count, now):
    """Submitted applications to the latest edition of the cycle (back-office volume)."""
    existing = Application.objects.count()
    edition = Edition.objects.order_by("-year").first()
    if existing >= count or edition is None:
        return
    rng = cat.rng
    last = Application.objects.filter(parent=edition).order_by("-sequence").first()
    sequence = (last.sequence or 0) if last else 0
    rows = []
    for n in range(existing, count):
        sequence += 1
        person = rng.choice(cat.people).split()
        rows.append(
            Application(
                parent=edition,
                email=f"candidat{n}@example.fr",
                token_hash=f"bench{n:059d}",
                status=rng.choice(["submitted", "submitted", "complete", "shortlisted"]),
                reference=f"HE-{edition.year}-{sequence:05d}",
                sequence=sequence,
                submitted_at=now - timezone.timedelta(days=rng.randint(0, 60)),
                first_name=person[0],
                last_name=person[-1],
                position=rng.choice(PROFESSIONS)[:255],
                category=rng.choice(["field", "elected", "state_executive"]),
                data={"motivation": cat.paragraph("toute la France", 4)},
            )
        )
    Application.objects.bulk_create(rows, batch_size=BATCH)
    print(f"{len(rows)} candidatures ajoutées.")


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
