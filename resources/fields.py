"""Model fields that work on both databases of the project (PostgreSQL, SQLite in demo mode)."""

import json

from django.contrib.postgres.fields import ArrayField
from django.db import models


class IntArrayField(ArrayField):
    """An `integer[]` column on PostgreSQL (GIN-indexable, `__overlap` lookups); JSON text on
    SQLite, where only Python reads it. The portal's fast paths use it on PostgreSQL only."""

    def __init__(self, **kwargs):
        kwargs.pop("base_field", None)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(models.IntegerField(), **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("base_field", None)
        return name, "resources.fields.IntArrayField", args, kwargs

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return super().db_type(connection)
        return "text"

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor == "postgresql":
            return super().get_placeholder(value, compiler, connection)
        return "%s"

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor == "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        return None if value is None else json.dumps([int(v) for v in value])

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str):
            return json.loads(value)
        return value
