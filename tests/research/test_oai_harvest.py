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
    assert formats == ["oai_dc"]
    assert "publication:article" in sets
    assert record.metadata["creator"] == ["Auteur, N0"]
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:127.0.0.1:publication/0", metadataPrefix="oai_dc")
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="publication:dataset"))
    with pytest.raises(BadArgument):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "demain"}))
