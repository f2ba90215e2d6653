"""Demo of the questions de terrain (ints_portal/demo_data/questions.yaml), and in DEBUG the
demo researcher's account (accounts.yaml, role research.researcher) linked to the directory."""

from django.conf import settings
from django.contrib.auth import get_user_model

from research.models import Researcher
from resources import demo_loader as loader

# The demo account of accounts.yaml with the researchers' role, and who it is in the directory.
DEMO_RESEARCHER = ("demo-chercheur", "thomas-nguyen")


def load_questions_demo(*, now=None):
    """Load the questions; return a French one-line summary. Idempotent.

    Side effects: writes questions, their stage history and interests; refreshes their search
    entries."""
    result = loader.load("questions", now=now)
    return f"{result.count('research.FieldQuestion')} questions de terrain"


def link_demo_researcher():
    """In DEBUG, link the demo researcher's account to their directory entry. Idempotent.

    Side effects: sets Researcher.user of one directory entry."""
    if not settings.DEBUG:
        return None
    username, slug = DEMO_RESEARCHER
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return None
    updated = Researcher.objects.filter(slug=slug).exclude(user=user).update(user=user)
    return f"compte {username} relié à la fiche {slug} ({updated} modification)"
