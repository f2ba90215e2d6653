"""OAI-PMH 2.0 repository of the institute's publications and published resources.

Verbs: Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords, GetRecord.
Metadata formats: oai_dc, oai_openaire, oai_datacite (research/oai_formats.py). Sets:
`publication`, `publication:<type>`, `resource`, `resource:<type>`, `theme:<slug>`. Deletions are
persistent: a withdrawn record keeps a header with status="deleted" (research/oai_deletions.py).
Records are listed publications first, then resources, then withdrawn records, each by primary
key; a resumption token carries the request and the last key seen (keyset paging, so harvests
stay correct when records are added meanwhile) and is signed so it cannot be forged. Errors are
answered with HTTP 200 and the protocol's error codes, as the specification requires.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.db.models import Min, Prefetch
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.site_url import absolute_url
from research.enums import PublicationType
from research.models import OAITombstone, Publication, PublicationContributor
from research.oai_deletions import set_specs
from research.oai_formats import (
    FORMATS,
    XSI_NS,
    describe_publication,
    describe_resource,
)
from research.oai_formats import q as _q
from research.oai_formats import sub as _sub
from research.oai_formats import text as _text
from resources.models import Resource, ResourceType, Theme

PAGE_SIZE = 100
TOKEN_SALT = "research.oai.resumption"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
SCHEMA_LOCATION = f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
KINDS = ("publication", "resource")
DELETED = "deleted"
LIST_KINDS = (*KINDS, DELETED)  # the order of a complete list
VERBS = {
    # verb: (required arguments, optional arguments)
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
_DOMAIN = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

ET.register_namespace("", OAI_NS)


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def repository_identifier():
    """The site's domain name; an IP address or `localhost` is no valid OAI identifier part."""
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    host = urlparse(settings.SITE_URL).hostname or ""
    return configured or (host if _DOMAIN.match(host) else "ints.gouv.fr")


def oai_identifier(kind, pk):
    return f"oai:{repository_identifier()}:{kind}/{pk}"


def parse_identifier(identifier):
    prefix = f"oai:{repository_identifier()}:"
    if not identifier.startswith(prefix):
        return None
    kind, _sep, pk = identifier[len(prefix) :].partition("/")
    if kind not in KINDS or not pk.isdigit() or len(pk) > 18:
        return None
    return kind, int(pk)


def _datestamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value, *, end):
    """A `from`/`until` argument as an aware UTC datetime; raises badArgument."""
    try:
        if _DAY.match(value):
            day = datetime.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=datetime.UTC)
            return day + datetime.timedelta(days=1, microseconds=-1) if end else day
        if _SECOND.match(value):
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
            moment = moment.replace(tzinfo=datetime.UTC)
            return moment + datetime.timedelta(microseconds=999_999) if end else moment
    except ValueError:
        pass
    raise OAIError(
        "badArgument", f"Date invalide : {value!r} (AAAA-MM-JJ ou AAAA-MM-JJThh:mm:ssZ)."
    )


# Querysets -----------------------------------------------------------------------------------


def _publications():
    contributors = PublicationContributor.objects.order_by("position", "pk")
    return (
        Publication.objects.public()
        .annotate(datestamp=Greatest("updated_at", "created_at"))
        .prefetch_related(Prefetch("contributors", contributors), "themes", "labs")
    )


def _resources():
    # A scheduled resource appears when its date comes: that moment is its datestamp too.
    return (
        Resource.objects.published()
        .annotate(datestamp=Greatest("updated_at", "publication_date"))
        .select_related("resource_type", "source_organisation")
        .prefetch_related("themes")
    )


def _queryset(kind, *, set_spec, from_, until, with_records=True):
    queryset = _publications() if kind == "publication" else _resources()
    if not with_records:
        queryset = queryset.prefetch_related(None).prefetch_related("themes")
    if set_spec:
        head, _sep, tail = set_spec.partition(":")
        if head in KINDS and head != kind:
            return queryset.none()
        if head == "publication" and tail:
            queryset = queryset.filter(publication_type=tail)
        elif head == "resource" and tail:
            queryset = queryset.filter(resource_type__slug=tail)
        elif head == "theme":
            queryset = queryset.filter(
                pk__in=queryset.model.objects.filter(themes__slug=tail).values("pk")
            )
    if from_:
        queryset = queryset.filter(datestamp__gte=from_)
    if until:
        queryset = queryset.filter(datestamp__lte=until)
    return queryset.order_by("pk")


def _valid_sets():
    sets = {"publication": "Publications scientifiques", "resource": "Ressources"}
    for value, label in PublicationType.choices:
        sets[f"publication:{value}"] = f"Publications : {label}"
    for slug, name in ResourceType.objects.values_list("slug", "name"):
        sets[f"resource:{slug}"] = f"Ressources : {name}"
    for slug, name in Theme.objects.values_list("slug", "name"):
        sets[f"theme:{slug}"] = f"Thématique : {name}"
    return sets


# Records ------------------------------------------------------------------------------------


def _deleted(*, set_spec, from_, until):
    # A tombstone whose record is public again without a save (its scheduled date came) is not
    # listed: the live record is.
    queryset = OAITombstone.objects.exclude(
        kind="publication", object_pk__in=Publication.objects.public().values("pk")
    ).exclude(kind="resource", object_pk__in=Resource.objects.published().values("pk"))
    if set_spec:
        queryset = queryset.filter(set_specs__contains=[set_spec])
    if from_:
        queryset = queryset.filter(deleted_at__gte=from_)
    if until:
        queryset = queryset.filter(deleted_at__lte=until)
    return queryset.order_by("pk")


def _header(parent, kind, obj):
    header = _sub(parent, "header")
    if kind == DELETED:
        header.set("status", "deleted")
        _sub(header, "identifier", oai_identifier(obj.kind, obj.object_pk))
        _sub(header, "datestamp", _datestamp(obj.deleted_at))
        specs = obj.set_specs
    else:
        _sub(header, "identifier", oai_identifier(kind, obj.pk))
        _sub(header, "datestamp", _datestamp(obj.datestamp))
        specs = set_specs(kind, obj)
    for spec in specs:
        _sub(header, "setSpec", spec)
    return header


def _record(parent, kind, obj, prefix):
    record = _sub(parent, "record")
    _header(record, kind, obj)
    if kind != DELETED:
        described = describe_publication(obj) if kind == "publication" else describe_resource(obj)
        FORMATS[prefix].write(_sub(record, "metadata"), described)


# Verbs ---------------------------------------------------------------------------------------


def _identify(root, args, base_url):
    node = _sub(root, "Identify")
    _sub(node, "repositoryName", "Institut national du travail social — publications et ressources")
    _sub(node, "baseURL", base_url)
    _sub(node, "protocolVersion", "2.0")
    _sub(node, "adminEmail", getattr(settings, "OAI_ADMIN_EMAIL", "") or "recherche@ints.gouv.fr")
    earliest = [
        qs.aggregate(first=Min("datestamp"))["first"] for qs in (_publications(), _resources())
    ]
    earliest.append(OAITombstone.objects.aggregate(first=Min("deleted_at"))["first"])
    earliest = [value for value in earliest if value]
    _sub(
        node, "earliestDatestamp", _datestamp(min(earliest)) if earliest else "2020-01-01T00:00:00Z"
    )
    _sub(node, "deletedRecord", "persistent")
    _sub(node, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    description = _sub(node, "description")
    ns = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    ident = _sub(description, _q(ns, "oai-identifier"))
    ident.set(
        _q(XSI_NS, "schemaLocation"), f"{ns} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
    )
    _sub(ident, _q(ns, "scheme"), "oai")
    _sub(ident, _q(ns, "repositoryIdentifier"), repository_identifier())
    _sub(ident, _q(ns, "delimiter"), ":")
    _sub(ident, _q(ns, "sampleIdentifier"), oai_identifier("publication", 1))


def _get_object(identifier):
    """(kind, live object) or (DELETED, tombstone); raises idDoesNotExist."""
    parsed = parse_identifier(identifier)
    if parsed:
        kind, pk = parsed
        queryset = _publications() if kind == "publication" else _resources()
        obj = queryset.filter(pk=pk).first()
        if obj is not None:
            return kind, obj
        tombstone = OAITombstone.objects.filter(kind=kind, object_pk=pk).first()
        if tombstone is not None:
            return DELETED, tombstone
    raise OAIError("idDoesNotExist", f"Identifiant inconnu : {identifier}")


def _list_metadata_formats(root, args, base_url):
    if "identifier" in args:
        _get_object(args["identifier"])
    node = _sub(root, "ListMetadataFormats")
    for metadata_format in FORMATS.values():
        fmt = _sub(node, "metadataFormat")
        _sub(fmt, "metadataPrefix", metadata_format.prefix)
        _sub(fmt, "schema", metadata_format.schema)
        _sub(fmt, "metadataNamespace", metadata_format.namespace)


def _list_sets(root, args, base_url):
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "Cette liste n'utilise pas de jeton de reprise.")
    node = _sub(root, "ListSets")
    for spec, name in _valid_sets().items():
        item = _sub(node, "set")
        _sub(item, "setSpec", spec)
        _sub(item, "setName", name)


def _get_record(root, args, base_url):
    _check_prefix(args["metadataPrefix"])
    kind, obj = _get_object(args["identifier"])
    _record(_sub(root, "GetRecord"), kind, obj, args["metadataPrefix"])


def _check_prefix(prefix):
    if prefix not in FORMATS:
        raise OAIError("cannotDisseminateFormat", f"Format non disponible : {prefix}")


def _read_token(token):
    try:
        state = signing.loads(token, salt=TOKEN_SALT)
        assert isinstance(state, dict) and state["k"] in LIST_KINDS
        assert isinstance(state["a"], int) and isinstance(state["c"], int)
        for key in ("s", "f", "u"):
            assert state[key] is None or isinstance(state[key], str)
        assert state["m"] in FORMATS
    except (signing.BadSignature, AssertionError, KeyError, TypeError, ValueError) as exc:
        raise OAIError("badResumptionToken", "Jeton de reprise invalide ou expiré.") from exc
    return state


def _list(root, args, base_url, *, verb):
    if "resumptionToken" in args:
        state = _read_token(args["resumptionToken"])
    else:
        _check_prefix(args["metadataPrefix"])
        state = {
            "m": args["metadataPrefix"],
            "s": args.get("set"),
            "f": args.get("from"),
            "u": args.get("until"),
            "k": "publication",
            "a": 0,
            "c": 0,
        }
        if state["f"] and state["u"] and len(state["f"]) != len(state["u"]):
            raise OAIError("badArgument", "from et until doivent avoir la même granularité.")
        if state["s"] and state["s"] not in _valid_sets():
            raise OAIError("noRecordsMatch", f"Ensemble inconnu : {state['s']}")
    from_ = _parse_date(state["f"], end=False) if state["f"] else None
    until = _parse_date(state["u"], end=True) if state["u"] else None
    if from_ and until and from_ > until:
        raise OAIError("badArgument", "from est postérieur à until.")
    with_records = verb == "ListRecords"
    querysets = {
        kind: _queryset(
            kind, set_spec=state["s"], from_=from_, until=until, with_records=with_records
        )
        for kind in KINDS
    }
    querysets[DELETED] = _deleted(set_spec=state["s"], from_=from_, until=until)

    items = []
    kind_index = LIST_KINDS.index(state["k"])
    last_pk = state["a"]
    for kind in LIST_KINDS[kind_index:]:
        queryset = querysets[kind]
        if kind == state["k"]:
            queryset = queryset.filter(pk__gt=last_pk)
        batch = list(queryset[: PAGE_SIZE + 1 - len(items)])
        items += [(kind, obj) for obj in batch]
        if len(items) > PAGE_SIZE:
            break
    has_more = len(items) > PAGE_SIZE
    items = items[:PAGE_SIZE]
    if not items:
        if "resumptionToken" in args:
            raise OAIError("badResumptionToken", "Ce jeton ne donne plus aucun enregistrement.")
        raise OAIError("noRecordsMatch", "Aucun enregistrement ne correspond à cette demande.")

    node = _sub(root, verb)
    for kind, obj in items:
        if with_records:
            _record(node, kind, obj, state["m"])
        else:
            _header(node, kind, obj)
    if has_more or "resumptionToken" in args:
        total = sum(qs.count() for qs in querysets.values())
        token = _sub(node, "resumptionToken", completeListSize=str(total), cursor=str(state["c"]))
        if has_more:
            last_kind, last = items[-1]
            token.text = signing.dumps(
                {**state, "k": last_kind, "a": last.pk, "c": state["c"] + len(items)},
                salt=TOKEN_SALT,
                compress=True,
            )


HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda root, args, base: _list(root, args, base, verb="ListIdentifiers"),
    "ListRecords": lambda root, args, base: _list(root, args, base, verb="ListRecords"),
}


def _check_arguments(params):
    """The verb and its arguments, or OAIError(badVerb | badArgument)."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "Verbe absent, répété ou inconnu.")
    verb = verbs[0]
    required, optional = VERBS[verb]
    args = {}
    for key in params:
        if key == "verb":
            continue
        values = params.getlist(key)
        if len(values) != 1:
            raise OAIError("badArgument", f"Argument répété : {key}")
        args[key] = values[0]
    if "resumptionToken" in args and verb in ("ListIdentifiers", "ListRecords", "ListSets"):
        if set(args) != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken doit être le seul argument.")
        return verb, args
    allowed = required | optional
    unknown = set(args) - allowed
    if unknown:
        raise OAIError("badArgument", f"Argument illégal : {', '.join(sorted(unknown))}")
    missing = required - set(args)
    if missing:
        raise OAIError("badArgument", f"Argument manquant : {', '.join(sorted(missing))}")
    return verb, args


def _request_attrs(verb, args):
    return {"verb": verb, **args} if verb else {}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    params = request.POST if request.method == "POST" else request.GET
    # From INTS_SITE_URL, never the Host header: a forged Host must not change what harvesters
    # record as the repository's address.
    base_url = absolute_url(reverse("oai:endpoint"))
    root = ET.Element(_q(OAI_NS, "OAI-PMH"))
    root.set(_q(XSI_NS, "schemaLocation"), SCHEMA_LOCATION)
    _sub(root, "responseDate", _datestamp(timezone.now()))
    request_node = _sub(root, "request", base_url)
    verb = None
    try:
        verb, args = _check_arguments(params)
        for key, value in _request_attrs(verb, args).items():
            request_node.set(key, _text(value))
        HANDLERS[verb](root, args, base_url)
    except OAIError as error:
        if error.code in ("badVerb", "badArgument"):
            # The spec: echo no attributes when the request itself is wrong.
            request_node.attrib.clear()
        _sub(root, "error", error.message, code=error.code)
    _qualify(root)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _qualify(element):
    """Put un-namespaced tags in the OAI namespace (built with short names for readability)."""
    for node in element.iter():
        if not node.tag.startswith("{"):
            node.tag = _q(OAI_NS, node.tag)
