"""Harvest /oai/ with Sickle, a real OAI-PMH client, from a live server."""

import pytest
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, IdDoesNotExist, NoRecordsMatch

from research import oai
from resources.models import ResourceType
from tests.factories import PublicationFactory, ResourceFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_harvester_collects_every_record(reference_data, live_server, monkeypatch):
    from django.db import connections

    monkeypatch.setattr(oai, "PAGE_SIZE", 7)
    # The live server's threads must not keep connections open, or the test database cannot be
    # dropped.
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    guide = ResourceType.objects.get(slug="guide")
    publications = [
        PublicationFactory(title=f"Publication moissonnée {n}", authors=[("Auteur", f"N{n}")])
        for n in range(20)
    ]
    ResourceFactory(title="Guide moissonné", resource_type=guide)
    sickle = Sickle(live_server.url + "/oai/", max_retries=0, timeout=20)

    identify = sickle.Identify()
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="publication"))
    formats = [f.metadataPrefix for f in sickle.ListMetadataFormats()]
    sets = [s.setSpec for s in sickle.ListSets()]
    record = sickle.GetRecord(identifier=records[0].header.identifier, metadataPrefix="oai_dc")

    assert identify.protocolVersion == "2.0"
    assert len(records) == 21
    titles = {r.metadata["title"][0] for r in records}
    assert titles == {p.title for p in publications} | {"Guide moissonné"}
    assert len(headers) == 20
    assert formats == ["oai_dc", "oai_openaire", "oai_datacite"]
    assert "publication:article" in sets
    assert record.metadata["creator"] == ["Auteur, N0"]
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:ints.gouv.fr:publication/0", metadataPrefix="oai_dc")
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="publication:dataset"))
    with pytest.raises(BadArgument):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "demain"}))


class RecordingSickle(Sickle):
    """Sickle keeping every raw response it received, to validate them against the schemas."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.responses = []
        self.prefix = "oai_dc"

    def harvest(self, **kwargs):
        # A resumption request carries only the token: it continues the last prefix asked.
        if "resumptionToken" not in kwargs:
            self.prefix = kwargs.get("metadataPrefix", "oai_dc")
        response = super().harvest(**kwargs)
        self.responses.append((self.prefix, response.raw.encode("utf-8")))
        return response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sickle_harvests_every_verb_and_format_and_learns_withdrawals(
    reference_data, live_server, monkeypatch, settings
):
    from django.db import connections
    from django.utils import timezone

    from research.models import Publication
    from tests.research.oai_schemas import assert_valid

    monkeypatch.setattr(oai, "PAGE_SIZE", 3)
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    settings.SITE_URL = "https://portail.ints.gouv.fr"
    publications = [
        PublicationFactory(publication_type=kind, authors=[("Auteur", kind)])
        for kind in ("article", "report", "thesis", "book", "chapter", "communication", "dataset")
    ]
    resource = ResourceFactory(title="Guide retiré", authors="Claire Martin")
    yesterday = timezone.now() - timezone.timedelta(days=1)
    Publication.objects.update(updated_at=yesterday, created_at=yesterday)  # datestamp: the later
    type(resource).objects.update(updated_at=yesterday, publication_date=yesterday)
    sickle = RecordingSickle(live_server.url + "/oai/", max_retries=0, timeout=20)
    sickle.Identify()
    list(sickle.ListSets())
    list(sickle.ListMetadataFormats())
    for prefix in ("oai_dc", "oai_openaire", "oai_datacite"):
        records = list(sickle.ListRecords(metadataPrefix=prefix))
        assert len(records) == 8
        list(sickle.ListIdentifiers(metadataPrefix=prefix))
        sickle.GetRecord(identifier=records[0].header.identifier, metadataPrefix=prefix)
    since = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")

    withdrawn = publications[0]
    withdrawn.is_public = False
    withdrawn.save()
    resource_identifier = oai.oai_identifier("resource", resource.pk)
    resource.delete()
    today = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", **{"from": since}))

    for prefix, body in sickle.responses:
        assert_valid(body, prefix)
    assert len(sickle.responses) > 3 * 3 * 2
    assert {(h.identifier, h.deleted) for h in today} == {
        (oai.oai_identifier("publication", withdrawn.pk), True),
        (resource_identifier, True),
    }
