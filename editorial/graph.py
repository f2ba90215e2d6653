"""One linked graph across the pillars: typed links between published records, declared once.

A *node* is a model that takes part (a practice, a project, an event…), named by its label
(`resources.practice`) and declared with what the public may see of it (`public`: the
queryset of its published rows). A *kind* of link joins a source model to a target model and
carries a label for each side: the source's page shows « Issue de » above its targets, the
target's page shows « À l'origine de » above its sources — one link, declared once, read both
ways. A kind is stored either as rows of editorial.Link (two generic ends) or, for relations the
pillars already had as a foreign key or a many-to-many (Project.resources, Project.funding_call…),
read from that field: every relation the pages show belongs to one declaration.

The declaration lives at the top (ints_portal/graph.py), which may name any pillar's models;
this module, low in the floors, knows them only by label, so that the resource centre's pages
show their blocks without importing research or the hautes études.

`neighbourhood(obj)` costs one query for the stored links of the page plus one query per block
shown, whatever the number of neighbours.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch

from core import commit_hooks, page_cache
from editorial.models import Link


@dataclass(frozen=True)
class Node:
    label: str  # "resources.practice"
    public: object  # queryset -> the rows the public may see
    search_fields: tuple = ("title",)
    schema_type: str = "CreativeWork"
    select_related: tuple = ()
    describe: object = None  # obj -> one line under the title (optional)
    schema: object = None  # (obj, url) -> the schema.org reference (optional)

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def noun(self):
        return self.model._meta.verbose_name

    def queryset(self):
        return self.public(self.model._default_manager.all()).select_related(*self.select_related)


@dataclass(frozen=True)
class LinkKind:
    name: str  # stored in Link.kind: never rename one that has rows
    source: str
    target: str
    label: str  # on the source's page, above its targets
    inverse_label: str  # on the target's page, above its sources
    field: str = ""  # the source model's FK or M2M to the target; "" = rows of Link
    schema: str = ""  # schema.org property of the source pointing to its targets
    inverse_schema: str = ""  # … of the target pointing to its sources
    on_source_page: bool = True  # False where the page already shows the relation itself
    on_target_page: bool = True

    @property
    def stored(self):
        return not self.field

    def end(self, forward):
        """The node at the other end, seen from the source (forward) or the target."""
        return _nodes[self.target if forward else self.source]


@dataclass
class Neighbour:
    title: str
    url: str
    noun: str
    detail: str
    obj: object


@dataclass
class Block:
    kind: LinkKind
    forward: bool
    items: list

    @property
    def label(self):
        return self.kind.label if self.forward else self.kind.inverse_label

    @property
    def schema(self):
        return self.kind.schema if self.forward else self.kind.inverse_schema


@dataclass
class Neighbourhood:
    """What a detail page shows of its neighbours: blocks by kind, and sections by label (two
    kinds may share « Sur ce sujet »: one heading, their items together)."""

    blocks: list = field(default_factory=list)

    @property
    def sections(self):
        by_label = {}
        for block in self.blocks:
            by_label.setdefault(str(block.label), []).extend(block.items)
        return list(by_label.items())

    def __bool__(self):
        return bool(self.blocks)


_nodes = {}
_kinds = {}


def register_node(label, *, public, **options):
    label = label.lower()
    _nodes[label] = Node(label, public, **options)
    post_delete.connect(_forget_links, sender=apps.get_model(label), dispatch_uid=f"graph-{label}")


def register_kind(name, source, target, **options):
    source, target = source.lower(), target.lower()
    if source not in _nodes or target not in _nodes:
        raise LookupError(f"Link kind {name}: declare {source} and {target} as nodes first.")
    _kinds[name] = LinkKind(name, source, target, **options)


def kinds():
    return list(_kinds.values())


def kind(name):
    return _kinds[name]


def node(label):
    return _nodes.get(label.lower())


def sides(label, *, stored_only=False, shown_only=False):
    """(kind, forward) pairs the model `label` takes part in: forward where it is the source."""
    label = label.lower()
    pairs = []
    for link_kind in _kinds.values():
        if stored_only and not link_kind.stored:
            continue
        if link_kind.source == label and (link_kind.on_source_page or not shown_only):
            pairs.append((link_kind, True))
        if link_kind.target == label and (link_kind.on_target_page or not shown_only):
            pairs.append((link_kind, False))
    return pairs


def neighbour(obj, other_node):
    return Neighbour(
        title=str(obj),
        url=url_of(obj),
        noun=str(other_node.noun),
        detail=other_node.describe(obj) if other_node.describe else "",
        obj=obj,
    )


def url_of(obj):
    try:
        return obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""  # a record without a page of its own (an alumnus) is named, not linked


def neighbourhood(obj):
    """The published neighbours of `obj`, by kind. Queries: one for the stored links (when the
    model has stored kinds), then one per block shown."""
    pairs = sides(obj._meta.label_lower, shown_only=True)
    ids = defaultdict(list)
    stored = [(k, forward) for k, forward in pairs if k.stored]
    if stored:
        links = _links_of(stored, obj.pk).values_list("kind", "source_id", "target_id")
        for name, source_id, target_id in links:
            if (_kinds[name], True) in stored and source_id == obj.pk:
                ids[(name, True)].append(target_id)
            if (_kinds[name], False) in stored and target_id == obj.pk:
                ids[(name, False)].append(source_id)
    blocks = []
    for link_kind, forward in pairs:
        other = link_kind.end(forward)
        if link_kind.stored:
            found = ids.get((link_kind.name, forward))
            if not found:
                continue
            rows = other.queryset().filter(pk__in=found)
        elif forward:
            relation = obj._meta.get_field(link_kind.field)
            rows = other.queryset().filter(**{relation.related_query_name(): obj.pk})
        else:
            rows = other.queryset().filter(**{link_kind.field: obj.pk})
        items = [neighbour(row, other) for row in rows]
        if items:
            blocks.append(Block(link_kind, forward, items))
    return Neighbourhood(blocks)


def schema_links(hood):
    """The schema.org properties carrying the page's links ({property: [references]})."""
    data = {}
    for block in hood.blocks if hood else []:
        if not block.schema:
            continue
        other = block.kind.end(block.forward)
        for item in block.items:
            data.setdefault(block.schema, []).append(_reference(other, item))
    return data


def _reference(other, item):
    url = f"{settings.SITE_URL}{item.url}" if item.url else ""
    if other.schema:
        return other.schema(item.obj, url)
    reference = {"@type": other.schema_type, "name": item.title}
    if url:
        reference["url"] = url
    return reference


def merge_schema(data, hood):
    """Add the page's links to its JSON-LD `data`, next to what a property already holds."""
    for prop, references in schema_links(hood).items():
        present = data.get(prop)
        if present is None:
            data[prop] = references
        else:
            data[prop] = [*(present if isinstance(present, list) else [present]), *references]
    return data


def _forget_links(sender, instance, **kwargs):
    """A deleted record takes its stored links with it (generic ends have no cascade)."""
    _links_of(sides(sender._meta.label_lower, stored_only=True), instance.pk).delete()


def _links_of(pairs, pk):
    """The Link rows with record `pk` at the end of the link that `pairs` ((kind, forward)…)
    say: the source where forward, the target otherwise."""
    forward = [k.name for k, is_source in pairs if is_source]
    inverse = [k.name for k, is_source in pairs if not is_source]
    return Link.objects.filter(
        Q(kind__in=forward, source_id=pk) | Q(kind__in=inverse, target_id=pk)
    )


def content_type(obj):
    return ContentType.objects.get_for_model(obj, for_concrete_model=False)


def link(kind_name, source, target):
    """Link `source` to `target` by the stored kind `kind_name`; return the Link.

    Side effects: writes one editorial.Link row, unless that link exists already."""
    link_kind = _kinds[kind_name]
    if not link_kind.stored:
        raise ValueError(f"{kind_name} is read from {link_kind.source}.{link_kind.field}.")
    if (source._meta.label_lower, target._meta.label_lower) != (link_kind.source, link_kind.target):
        raise ValueError(f"{kind_name} links a {link_kind.source} to a {link_kind.target}.")
    found, _created = Link.objects.get_or_create(
        kind=kind_name,
        source_id=source.pk,
        target_id=target.pk,
        defaults={"source_type": content_type(source), "target_type": content_type(target)},
    )
    return found


def _pages_changed(**kwargs):
    """A link shows on two public pages: the cached pages are stale once it is committed
    (editorial is not one of core.page_cache's public apps, so say it here)."""
    commit_hooks.once_after_commit("page-cache-generation", page_cache.bump_generation)


post_save.connect(_pages_changed, sender=Link, dispatch_uid="graph-link-saved")
post_delete.connect(_pages_changed, sender=Link, dispatch_uid="graph-link-deleted")
