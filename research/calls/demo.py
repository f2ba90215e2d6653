"""Demo calls for projects, read from ints_portal/demo_data/calls.yaml: one open, one upcoming,
one closed that funded a demo project. Existing calls and e-mails are left as they are.

In DEBUG, `load_selection_demo` adds the open call's selection
(ints_portal/demo_data/call_applications.yaml): named projects from the demo labs with their
amounts, scientific files, team CVs and partners' letters, in every status, reviewed by both
demo committee members."""

from applications import demo as demo_selection
from research.calls.models import Call, CallReview
from research.calls.views import portal
from research.models import Lab, Project
from resources import demo_loader as loader

FUNDED_PROJECT = "metiers-du-grand-age"  # from research.yaml, when the research demo is loaded


def load_calls_demo(*, now=None):
    """Load the demo calls; return a French one-line summary. Idempotent.

    Side effects: writes calls, their criteria and decision e-mails; links the closed call to
    the project it funded.
    """
    result = loader.load("calls", now=now)
    closed = Call.objects.filter(slug="attractivite-des-metiers-du-social").first()
    if closed is not None:
        Project.objects.filter(slug=FUNDED_PROJECT, funding_call__isnull=True).update(
            funding_call=closed
        )
    return f"{len(result.changed)} élément(s) d'appels à projets créé(s)"


def load_selection_demo(*, now=None):
    """The open call's demo selection; return a French one-line summary. Idempotent.

    Side effects: those of applications.demo.load, plus each project's
    lab (a row of the research demo, when it is loaded)."""
    call = Call.objects.filter(slug=loader.read("call_applications")["call"]).first()
    if call is None:
        return "appel de démonstration absent : pas de sélection de démonstration"
    return demo_selection.load(
        demo_selection.Pillar(
            role="calls",
            key="aap",
            data="call_applications",
            portal=portal,
            parent=call,
            criteria=list(call.criteria.all()),
            review_model=CallReview,
            documents=_documents,
            after_submit=_link_lab,
        ),
        now=now,
    )


def _documents(item, answers):
    title = answers["project_title"]
    files = {
        "project_file": (
            "Dossier scientifique",
            [
                # anonymous, as a call under blind review asks: the team is in the CVs
                title,
                "## Résumé",
                answers["summary"],
                f"## Calendrier sur {answers['duration_months']} mois",
                answers["schedule"],
                "## Participation",
                answers["practitioners"],
                answers["people_supported"],
                f"## Budget demandé : {answers['amount_requested']:,} €".replace(",", " "),
                answers["budget_breakdown"],
            ],
        )
        if "budget_breakdown" in answers
        else None,
        "cvs": ("CV de l'équipe", [title, *item.get("team", [])]),
        "letters": ("Lettres d'engagement des partenaires", [title, *item.get("letters", [])])
        if item.get("letters")
        else None,
    }
    return {slot: content for slot, content in files.items() if content}


def _link_lab(application, item):
    """The free-text lab of the answers, tied to the demo lab it names (when loaded)."""
    lab = Lab.objects.filter(slug=item.get("lab")).first() if item.get("lab") else None
    if lab is not None:
        application.lab = lab
        application.save(update_fields=["lab", "updated_at"])
