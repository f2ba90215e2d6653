import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Max

from resources.models import (
    Audience,
    Resource,
    ResourceType,
    SearchEntry,
    Territory,
    Theme,
)

pytestmark = pytest.mark.django_db
# Rows of every room and pillar, whose primary keys must survive a second run (no row deleted
# and written again).
OTHER_MODELS = [
    "resources.Organisation",
    "resources.Event",
    "resources.Dataset",
    "resources.Indicator",
    "resources.DataPoint",
    "resources.DatasetFile",
    "resources.Diploma",
    "resources.RncpCode",
    "resources.TrainingSchool",
    "resources.FundingScheme",
    "resources.Practice",
    "resources.TrainingModule",
    "resources.ModuleChapter",
    "research.Lab",
    "research.Researcher",
    "research.Project",
    "research.ProjectContributor",
    "research.Publication",
    "research.PublicationContributor",
    "research.ContractOffer",
    "research.Call",
    "research.CallCriterion",
    "hautes_etudes.Edition",
    "hautes_etudes.Session",
    "hautes_etudes.Auditor",
]


def other_rows():
    """Primary keys of each model, and its last update when it records one."""
    rows = {}
    for label in OTHER_MODELS:
        model = apps.get_model(label)
        rows[label] = sorted(model.objects.values_list("pk", flat=True))
        if any(field.name == "updated_at" for field in model._meta.fields):
            rows[f"{label} updated"] = model.objects.aggregate(last=Max("updated_at"))["last"]
    return rows


def snapshot():
    rows = []
    for resource in Resource.objects.order_by("slug").prefetch_related(
        "themes", "audiences", "territories", "related", "tags"
    ):
        rows.append(
            (
                resource.slug,
                resource.title,
                resource.summary,
                resource.body,
                resource.status,
                resource.publication_date,
                resource.file.name,
                resource.updated_at,
                sorted(t.slug for t in resource.themes.all()),
                sorted(a.slug for a in resource.audiences.all()),
                sorted(t.slug for t in resource.territories.all()),
                sorted(r.slug for r in resource.related.all()),
                sorted(resource.tags.names()),
            )
        )
    return rows


def test_demo_covers_every_vocabulary_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = False
    output = io.StringIO()
    call_command("load_demo", verbosity=0)
    first, rows = snapshot(), other_rows()

    assert len(first) == 52
    assert set(ResourceType.objects.values_list("pk", flat=True)) == set(
        Resource.objects.values_list("resource_type", flat=True)
    )
    assert Theme.objects.exclude(resources__isnull=False).count() == 0
    assert Audience.objects.exclude(resources__isnull=False).count() == 0
    covered = Territory.objects.filter(resources__isnull=False).distinct()
    regions = Territory.objects.regions()
    region_ids = set(covered.filter(kind="region").values_list("pk", flat=True))
    region_ids |= set(covered.filter(kind="departement").values_list("parent", flat=True))
    assert region_ids == set(regions.values_list("pk", flat=True))
    assert Resource.objects.filter(status="draft").exists()
    assert Resource.objects.exclude(file="").filter(file_mime="application/pdf").count() == 10
    scheduled = Resource.objects.filter(status="published").exclude(
        pk__in=Resource.objects.published().values("pk")
    )
    assert scheduled.exists()
    assert (
        not SearchEntry.objects.visible()
        .filter(object_id__in=scheduled.values("pk"), content_type__model="resource")
        .exists()
    )
    assert SearchEntry.objects.filter(content_type__model="resource").count() == len(first)
    last_update = Resource.objects.aggregate(Max("updated_at"))
    assert all(rows.values()), [label for label, pks in rows.items() if not pks]

    call_command("load_demo", verbosity=0, stdout=output)

    second = snapshot()
    assert other_rows() == rows
    assert "52 ressources (0 créées ou mises à jour" in output.getvalue()
    assert [row for row in second if row not in first] == []
    assert second == first
    assert Resource.objects.aggregate(Max("updated_at")) == last_update
    assert not get_user_model().objects.filter(username="curateur").exists()


def test_debug_demo_ends_with_the_accounts_block_on_every_run(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out
    curator = get_user_model().objects.get(username="curateur")

    assert curator.is_staff and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == ["Curateurs"]
    for output in (first, second):
        block = output.split("Contenu de démonstration chargé.")[1].strip().splitlines()
        assert block[0].startswith("Comptes de démonstration du back-office")
        assert block[-1].endswith("`manage.py demo_accounts` réaffiche ce bloc.")
        assert len(block) == 13  # title, eleven accounts (the researcher too), how to
        password = re.search(r"curateur\s+(\S+)", block[1]).group(1)
        assert curator.check_password(password)
    assert "0 candidature(s) de démonstration créée(s), 16 au total" in second
    assert "0 candidature(s) de démonstration créée(s), 11 au total" in second
