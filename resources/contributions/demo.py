"""Demo contributions (ints_portal/demo_data/contributions.yaml): a contributor's practices in
three states, each moved through editorial.workflow.transition() as a real review would."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from editorial.workflow import transition
from resources import demo_loader as loader
from resources import search
from resources.contributions.forms import organisation_named
from resources.models import Practice, Territory, Theme

PRACTICE_FIELDS = (
    "title",
    "problem",
    "action",
    "results",
    "contact_name",
    "contact_email",
    "contact_consent",
    "credit_as",
    "credit_text",
)


@transaction.atomic
def load_contributions_demo():
    """Load the demo contributions; return a French one-line summary. Idempotent: a practice
    already there is left as its review made it.

    Side effects: creates the demo contributor and reviewer accounts (no usable password),
    the practices, their editorial events and search entries.
    """
    data = loader.read("contributions")
    contributor = _account(data["contributor"])
    reviewer = _account(data["reviewer"])
    reviewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="editorial", codename="publish_content")
    )
    created = 0
    for item in data["practices"]:
        if Practice.objects.filter(slug=item["slug"]).exists():
            continue
        territory = Territory.objects.get(slug=item["territory"])
        practice = Practice.objects.create(
            slug=item["slug"],
            organisation=organisation_named(item["organisation"], territory),
            territory=territory,
            contributor=contributor,
            **{name: item.get(name, "") for name in PRACTICE_FIELDS if name in item},
        )
        practice.themes.set(Theme.objects.filter(slug__in=item["themes"]))
        for name, *message in item["moves"]:
            who = contributor if name == "propose" else reviewer
            transition(practice, name, by=who, message=message[0] if message else "")
        search.index_object(practice)
        created += 1
    return f"{created} contribution(s) créée(s)"


def _account(entry):
    user, was_created = get_user_model().objects.get_or_create(
        username=entry["username"],
        defaults={k: v for k, v in entry.items() if k != "username"},
    )
    if was_created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
