"""One small loader for every demo data file of ints_portal/demo_data/ (YAML, read by `load_demo`).

A file is a list of blocks; a block names a model and lists its items:

    - model: resources.Organisation
      key: slug                 # natural key: a field or a list of fields (default: slug)
      refs: {territory: code}   # how relations are looked up (default: by slug)
      defaults: {kind: municipal}   # values shared by every item (an item may override them)
      create_only: true         # rows found by their key are left as they are
      items:
        - {slug: ccas-de-lyon, name: CCAS de Lyon, kind: municipal, territory: 69-rhone}

Values follow the model's fields: a relation (foreign key or many-to-many) is given by the
related object's slug (or the field named in `refs`, or a mapping of lookups); a tag list by
names; a reverse relation (children such as a diploma's RNCP codes) by a list of child items,
replaced as a whole when they differ. A date or time given as `{days: 35, time: "09:30"}` is
relative to the first load: it is set when the row is created and never moved afterwards, so
the demo always shows something ahead. Keys starting with "_" are hints left to the app's own
demo module (a PDF to generate, say). Running a file twice changes nothing: a row is saved only
when a value differs, and search entries are refreshed only for rows that changed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from taggit.managers import TaggableManager

from resources import search
from resources.signals import paused

# The demo's data files, one per room or pillar, kept with the project's other demo content.
FOLDER = Path(settings.BASE_DIR) / "ints_portal" / "demo_data"


@dataclass
class Result:
    """What a load did: every row of the file by model label, and the rows that changed."""

    rows: dict = field(default_factory=dict)  # label -> [(row, item as written)]
    changed: list = field(default_factory=list)

    def count(self, label):
        return len(self.rows.get(label, []))

    def items(self, label):
        return self.rows.get(label, [])

    def changed_of(self, label):
        return [obj for obj in self.changed if obj._meta.label == label]


def read(name):
    """The blocks of one data file (`name` without the .yaml suffix)."""
    with open(FOLDER / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load(name, *, now=None):
    """Load one data file. Side effects: creates or updates rows, refreshes their search entries."""

    now = now or timezone.now()
    result = Result()
    with transaction.atomic(), paused():
        for block in read(name):
            _load_block(block, now=now, result=result)
    for obj in result.changed:
        if hasattr(obj, "search_document"):
            search.index_object(obj)
    return result


def _load_block(block, *, now, result):
    model = apps.get_model(block["model"])
    key = block.get("key", "slug")
    key = [key] if isinstance(key, str) else key
    refs = block.get("refs", {})
    rows = result.rows.setdefault(model._meta.label, [])
    later = []  # many-to-many values, set once every row of the block exists (self relations)
    for written in block["items"]:
        item = {**block.get("defaults", {}), **written}
        if block.get("create_only") and _existing(model, item, key=key, refs=refs, now=now):
            continue  # rows staff may edit afterwards (decision e-mails): never overwritten
        obj, changed = _upsert(model, _fields_only(item), key=key, refs=refs, now=now)
        rows.append((obj, item))
        later.append((obj, _fields_only(item), changed))
    wanted = {}
    for obj, item, _changed in later:
        for name, value in item.items():
            model_field = model._meta.get_field(name)
            if model_field.many_to_many and not isinstance(model_field, TaggableManager):
                targets = {_resolve(model_field, v, refs).pk for v in value}
                wanted.setdefault((obj.pk, name), set()).update(targets)
                if getattr(model_field.remote_field, "symmetrical", False):
                    for pk in targets:
                        wanted.setdefault((pk, name), set()).add(obj.pk)
    for obj, item, changed in later:
        changed |= _set_many(obj, item, wanted)
        changed |= _set_children(obj, item, refs=refs, now=now)
        if changed and obj not in result.changed:
            result.changed.append(obj)


def _fields_only(item):
    """The item without its hints (keys starting with "_", read by the app's own loader)."""
    return {name: value for name, value in item.items() if not name.startswith("_")}


def _fields(model, item, *, refs, now):
    """(values compared on every run, values relative to the first load) of one item."""
    values, relative = {}, {}
    for name, value in item.items():
        model_field = model._meta.get_field(name)
        if model_field.many_to_many or model_field.one_to_many:
            continue
        target = relative if _is_relative(model_field, value) else values
        target[name] = _value(model_field, value, refs, now)
    return values, relative


def _upsert(model, item, *, key, refs, now):
    """Create the row or update what differs; return (row, changed)."""
    values, relative = _fields(model, item, refs=refs, now=now)
    lookup = {name: values.get(name, relative.get(name)) for name in key}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**values, **relative), True
    differing = [name for name, value in values.items() if _current(obj, name) != value]
    if not differing:
        return obj, False
    for name in differing:
        setattr(obj, name, values[name])
    obj.save()
    return obj, True


def _existing(model, item, *, key, refs, now):
    values, relative = _fields(model, _fields_only(item), refs=refs, now=now)
    lookup = {name: values.get(name, relative.get(name)) for name in key}
    return model.objects.filter(**lookup).exists()


def _is_relative(model_field, value):
    return isinstance(value, dict) and "days" in value and not model_field.is_relation


def _value(model_field, value, refs, now):
    if model_field.is_relation:
        return None if value is None else _resolve(model_field, value, refs)
    if isinstance(value, dict) and "days" in value:
        moment = now + datetime.timedelta(days=value["days"])
        if isinstance(model_field, models.DateTimeField):
            hour, minute = (int(part) for part in value.get("time", "09:00").split(":"))
            return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)
        return moment.date()
    if isinstance(model_field, models.DateTimeField) and isinstance(value, datetime.date):
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time(9, 0))
        return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    if isinstance(model_field, models.DecimalField) and value is not None:
        return Decimal(str(value))
    if value is None and not model_field.null:
        return ""
    return value


def _current(obj, name):
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, name)
    return getattr(obj, model_field.attname)


def _resolve(model_field, value, refs):
    related = model_field.related_model
    lookup = value if isinstance(value, dict) else {refs.get(model_field.name, "slug"): value}
    return related.objects.get(**lookup)


def _set_many(obj, item, wanted):
    changed = False
    for name, value in item.items():
        model_field = obj._meta.get_field(name)
        if isinstance(model_field, TaggableManager):
            if set(obj.tags.names()) != set(value):
                getattr(obj, name).set(value)
                changed = True
        elif model_field.many_to_many:
            targets = wanted.get((obj.pk, name), set())
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != targets:
                manager.set(targets)
                changed = True
    return changed


def _set_children(obj, item, *, refs, now):
    """Children (a reverse relation) are replaced as a whole when one of them differs."""
    changed = False
    for name, value in item.items():
        model_field = obj._meta.get_field(name)
        if not model_field.one_to_many:
            continue
        child_model = model_field.related_model
        parent = {model_field.field.name: obj}
        current = list(child_model.objects.filter(**parent).order_by("pk"))
        if len(current) == len(value) and all(
            _same(child, child_item, refs, now)
            for child, child_item in zip(current, value, strict=True)
        ):
            continue
        child_model.objects.filter(**parent).delete()
        for child_item in value:
            values, relative = _fields(child_model, child_item, refs=refs, now=now)
            child = child_model.objects.create(**values, **relative, **parent)
            _set_many(child, child_item, _child_wanted(child, child_item, refs))
            _set_children(child, child_item, refs=refs, now=now)
        changed = True
    return changed


def _child_wanted(child, item, refs):
    wanted = {}
    for name, value in item.items():
        model_field = child._meta.get_field(name)
        if model_field.many_to_many and not isinstance(model_field, TaggableManager):
            wanted[(child.pk, name)] = {_resolve(model_field, v, refs).pk for v in value}
    return wanted


def _same(child, item, refs, now):
    for name, value in item.items():
        model_field = child._meta.get_field(name)
        if _is_relative(model_field, value):
            continue  # set once at creation, never compared
        if model_field.one_to_many:
            grandchildren = list(getattr(child, model_field.get_accessor_name()).order_by("pk"))
            if len(grandchildren) != len(value) or not all(
                _same(g, g_item, refs, now) for g, g_item in zip(grandchildren, value, strict=True)
            ):
                return False
        elif model_field.many_to_many:
            wanted = {_resolve(model_field, v, refs).pk for v in value}
            if set(getattr(child, name).values_list("pk", flat=True)) != wanted:
                return False
        elif _current(child, name) != _value(model_field, value, refs, now):
            return False
    return True
