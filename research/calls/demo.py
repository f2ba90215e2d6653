"""Demo calls for projects: one open (closing a month after the first load), one upcoming, one
closed that funded a demo project. Idempotent (looked up by slug)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from ints_portal.applications.models import ApplicationStatus
from research.calls.models import Call, CallCriterion, CallDecisionTemplate
from research.models import Project
from resources.models import Theme

CALLS = [
    (
        "recherches-actions-participatives-2026",
        "Recherches-actions participatives",
        -15,
        30,
        "Des recherches menées avec les professionnels et les personnes accompagnées sur "
        "les transformations du travail social.",
    ),
    (
        "evaluation-des-dispositifs-d-aller-vers",
        "Évaluer les dispositifs d'aller-vers",
        20,
        80,
        "Des évaluations indépendantes des équipes mobiles, maraudes et permanences itinérantes.",
    ),
    (
        "attractivite-des-metiers-du-social",
        "Attractivité des métiers du social",
        -400,
        -300,
        "Comprendre les départs et les vocations dans les métiers du social.",
    ),
]
CRITERIA = [
    ("Qualité scientifique", 2),
    ("Intérêt pour les pratiques et les politiques", 2),
    ("Participation des personnes concernées", 1),
    ("Faisabilité et budget", 1),
]
TEMPLATES = {
    ApplicationStatus.ACCEPTED: (
        "Votre projet $reference est retenu",
        "Bonjour $nom,\n\nLe comité scientifique a retenu votre projet "
        "($titre). Nous vous contacterons pour la convention.\n\nINTS",
    ),
    ApplicationStatus.REJECTED: (
        "Votre projet $reference",
        "Bonjour $nom,\n\nLe comité scientifique n'a pas retenu votre "
        "projet ($titre). Merci de votre intérêt.\n\nINTS",
    ),
}


def load_calls_demo(*, now=None):
    now = now or timezone.now()
    themes = list(Theme.objects.order_by("position")[:3])
    created = 0
    for slug, title, opens, closes, summary in CALLS:
        if Call.objects.filter(slug=slug).exists():
            continue
        call = Call.objects.create(
            slug=slug,
            title=title,
            summary=summary,
            description=f"{summary}\n\nAxes : pratiques professionnelles ; participation ; "
            "territoires.",
            eligibility="Laboratoires publics, unités de recherche des "
            "établissements de formation en travail social, associées à au moins une structure "
            "d'intervention sociale.",
            budget=Decimal("600000"),
            max_amount=Decimal("80000"),
            opens_at=(now + datetime.timedelta(days=opens)).replace(
                hour=9, minute=0, second=0, microsecond=0
            ),
            closes_at=(now + datetime.timedelta(days=closes)).replace(
                hour=12, minute=0, second=0, microsecond=0
            ),
            results_date=(now + datetime.timedelta(days=closes + 60)).date(),
            blind_review=slug.startswith("recherches"),
            is_published=True,
        )
        call.themes.set(themes)
        for position, (name, weight) in enumerate(CRITERIA):
            CallCriterion.objects.create(call=call, name=name, weight=weight, position=position)
        if closes < 0:
            project = Project.objects.order_by("pk").first()
            if project is not None:
                Project.objects.filter(pk=project.pk).update(funding_call=call)
        created += 1
    for status, (subject, body) in TEMPLATES.items():
        _template, new = CallDecisionTemplate.objects.get_or_create(
            status=status, defaults={"subject": subject, "body": body}
        )
        created += new
    return f"{created} élément(s) d'appels à projets créé(s)"
