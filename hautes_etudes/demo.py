"""Demo content of the cycle des hautes études, read from ints_portal/demo_data/hautes_etudes.yaml:
the current promotion (applications open around the first load) with its programme, criteria and
targets, the previous promotion and its alumni, and the decision e-mails.

In DEBUG, `load_selection_demo` adds the current promotion's selection
(ints_portal/demo_data/cycle_applications.yaml): applications in every status with their CV and
employer's agreement, reviewed by both demo committee members."""

from applications import demo as demo_selection
from hautes_etudes import services
from hautes_etudes.models import Edition, Review
from hautes_etudes.views import portal
from resources import demo_loader as loader


def load_hautes_etudes_demo(*, now=None):
    """Load the cycle's demo; return a French one-line summary. Idempotent: existing promotions
    and e-mails are left as they are (staff edit them).

    Side effects: writes promotions, sessions, criteria, targets, alumni and decision e-mails.
    """
    result = loader.load("hautes_etudes", now=now)
    return f"{len(result.changed)} élément(s) du cycle créé(s)"


def load_selection_demo(*, now=None):
    """The current promotion's demo selection; return a French one-line summary. Idempotent.

    Side effects: those of applications.demo.load, plus the employers'
    answers (asked by email on submission, as in real life)."""
    edition = Edition.objects.current()
    if edition is None:
        return "aucune promotion publiée : pas de sélection de démonstration"
    return demo_selection.load(
        demo_selection.Pillar(
            role="cycle",
            key="cycle",
            data="cycle_applications",
            portal=portal,
            parent=edition,
            criteria=list(edition.criteria.all()),
            review_model=Review,
            documents=_documents(edition),
            after_submit=_employer_answer,
        ),
        now=now,
    )


def _documents(edition):
    def documents(item, answers):
        name = f"{answers['first_name']} {answers['last_name']}"
        files = {
            "cv": (
                f"Curriculum vitae — {name}",
                [
                    f"{answers['position']}, {answers['employer']}.",
                    f"{answers['experience_years']} ans d'expérience professionnelle.",
                    "## Parcours",
                    *item.get("cv", []),
                    f"Contact : {item['email']}, {answers['phone']}.",
                ],
            )
        }
        if agreement := item.get("agreement"):
            files["employer_agreement"] = (
                "Accord de l'employeur",
                [
                    f"Je soussigné·e {agreement['by']}, {agreement['role']}, donne mon accord à la "
                    f"participation de {name}, {answers['position'].lower()}, au cycle des hautes "
                    f"études de l'INTS ({edition.name}).",
                    "Je m'engage à lui laisser le temps de suivre les sept sessions du cycle et à "
                    "prendre en charge ses frais de participation.",
                    f"Fait à {agreement['at']}.",
                    agreement["by"],
                ],
            )
        return files

    return documents


def _employer_answer(application, item):
    """The employer asked by email on submission answers through their link's service."""
    answer = item.get("employer_answer")
    if answer is None or not application.employer_asked_at:
        return
    if answer == "agreed":
        services.answer_employer(application=application, agreed=True)
    else:
        services.answer_employer(application=application, agreed=False, reason=answer["refused"])
