"""What the pillars register, and the one other place a state is written: a staff import."""

import pytest
from reversion import is_registered
from reversion.models import Version

from editorial import registry
from editorial.models import EditorialEvent
from research.models import Publication, PublicationContributor
from resources import csv_io
from resources.models import Resource
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def test_the_pillars_register_their_publishable_models():
    assert sorted(kind.key for kind in registry.kinds()) == [
        "research.fieldquestion",
        "resources.event",
        "resources.practice",
        "resources.resource",
    ]
    assert {kind.territory_model._meta.label for kind in registry.kinds()} == {
        "resources.Territory"
    }


def test_publications_keep_is_public_but_keep_revisions_with_their_authors():
    assert is_registered(Publication) and is_registered(PublicationContributor)
    assert Publication not in [kind.model for kind in registry.kinds()]
    publication = PublicationFactory(title="Premier titre")
    publication.title = "Titre corrigé"
    publication.save()
    titles = [v.field_dict["title"] for v in Version.objects.get_for_object(publication)]
    assert sorted(titles) == ["Premier titre", "Titre corrigé"]


def test_a_staff_import_logs_each_initial_state_in_one_revision(admin_user):
    text = "\n".join(
        [
            "titre;slug;resume;type;statut",
            "Guide importé;guide-importe;Résumé.;guide;published",
            "Fiche importée;fiche-importee;Résumé.;fiche-pratique;draft",
        ]
    )
    report = csv_io.import_resources(text.encode(), user=admin_user)

    assert report.created == 2
    events = EditorialEvent.objects.order_by("object_id")
    assert [(e.source, e.target, e.by, e.message) for e in events] == [
        ("published", "published", admin_user, "Import CSV"),
        ("draft", "draft", admin_user, "Import CSV"),
    ]
    revisions = {
        v.revision_id for r in Resource.objects.all() for v in Version.objects.get_for_object(r)
    }
    assert len(revisions) == 1


def test_an_import_cannot_create_a_proposal_state(admin_user):
    text = "titre;slug;resume;type;statut\nX;x;R.;guide;proposed"
    report = csv_io.import_resources(text.encode(), user=admin_user)
    assert report.created == 0 and report.errors[0].column == "statut"
