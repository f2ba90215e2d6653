"""The editorial workflow in the demo (ints_portal/demo_data/editorial.yaml), across the
pillars, hence in the project package: proposals from the field waiting in the moderation
queue (one for more than 10 days), one sent back, and a resource's revisions. Every state
comes from editorial.workflow.transition(), as in real use. Idempotent."""

import datetime

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from reversion.models import Version

from core import roles
from editorial import workflow
from research.models import FieldQuestion
from resources import demo_loader as loader
from resources.models import Organisation, Resource, Territory
from resources.training.models import Practice

EDITOR = "demo-equipe-editoriale"


def _user(username, *, group, staff=False, **fields):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": staff, **fields}
    )
    if created:
        user.set_unusable_password()  # moves only; nobody signs in as this account
        user.save()
        user.groups.add(Group.objects.get(name=group))
    return user


def _create(item, contributor):
    common = {
        "title": item["title"],
        "slug": item["slug"],
        "contributor": contributor,
        "credit_as": item.get("credit_as", ""),
        "credit_text": item.get("credit_text", ""),
    }
    territory = Territory.objects.filter(code=item.get("territory", "")).first()
    if item["kind"] == "practice":
        return Practice.objects.create(
            problem=item["problem"],
            action=item["action"],
            results=item["results"],
            territory=territory or Territory.objects.filter(kind="departement").first(),
            organisation=Organisation.objects.order_by("pk").first(),
            **common,
        )
    return FieldQuestion.objects.create(context=item["context"], territory=territory, **common)


def load_editorial_demo():
    data = loader.read("editorial")
    editor = _user(
        EDITOR, group=roles.EDITORS, staff=True, first_name="Équipe", last_name="éditoriale"
    )
    contributors = {
        c["username"]: _user(
            c["username"],
            group=roles.CONTRIBUTORS,
            email=c["email"],
            first_name=c["first_name"],
            last_name=c["last_name"],
        )
        for c in data["contributors"]
    }
    created = 0
    for item in data["proposals"]:
        model = Practice if item["kind"] == "practice" else FieldQuestion
        if model.objects.filter(slug=item["slug"]).exists():
            continue
        contributor = contributors[item["contributor"]]
        obj = _create(item, contributor)
        workflow.transition(obj, "propose", by=contributor)
        for move, message in item.get("moves", []):
            workflow.transition(obj, move, by=editor, message=message)
        model.objects.filter(pk=obj.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=item["submitted_days_ago"])
        )
        created += 1
    revised = _revisions(data["revisions"], editor)
    return f"{created} proposition(s), {revised} révision(s)"


def _revisions(spec, editor):
    """Earlier wordings of a resource, then its current one again (the resources' data file
    stays the truth, so a second load_demo finds nothing to change): four revisions to compare
    and restore."""
    resource = Resource.objects.filter(slug=spec["slug"]).first()
    if resource is None or Version.objects.get_for_object(resource).count() > 1:
        return 0
    current = {name: getattr(resource, name) for edit in spec["edits"] for name in edit}
    for edit, comment in [
        *[(edit, "Première rédaction du résumé") for edit in spec["edits"]],
        (current, "Résumé relu et publié"),
    ]:
        with reversion.create_revision():
            for name, value in edit.items():
                setattr(resource, name, value)
            resource.save()
            reversion.set_user(editor)
            reversion.set_comment(comment)
    return len(spec["edits"]) + 1
