"""Search at scale: a small ranking vector and facet codes on each search entry.

On PostgreSQL the trigger now fills `rank_vector` (title A, summary B) beside `search_vector`, and
only when the text changes; `facet_ids` gets a GIN index. Existing entries are filled in place.
The long columns (body, whole-document vector, SQLite's search text) are moved out of the row
whenever it exceeds 256 bytes; what counting, ranking and sorting read (kind, title, facet codes,
ranking vector) stays in it (STORAGE MAIN): counting facets over 100,000 entries then reads a
table half the size and no out-of-line value. `search_text` is emptied (SQLite only).
"""

from django.db import migrations

import resources.fields
import django.contrib.postgres.search

FORWARD = """
SET LOCAL statement_timeout = 0;  -- rewrites every entry: minutes on a large catalogue
ALTER TABLE resources_searchentry
  ALTER COLUMN rank_vector SET STORAGE MAIN,
  ALTER COLUMN facet_ids SET STORAGE MAIN,
  ALTER COLUMN kind SET STORAGE MAIN,
  ALTER COLUMN kind_label SET STORAGE MAIN,
  ALTER COLUMN title SET STORAGE MAIN,
  SET (toast_tuple_target = 256);
CREATE OR REPLACE FUNCTION resources_searchentry_vector() RETURNS trigger AS $$
BEGIN
  NEW.rank_vector :=
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(NEW.summary, '')), 'B');
  NEW.search_vector :=
    NEW.rank_vector ||
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS resources_searchentry_vector_trg ON resources_searchentry;
CREATE TRIGGER resources_searchentry_vector_trg
  BEFORE INSERT OR UPDATE OF title, summary, body ON resources_searchentry
  FOR EACH ROW EXECUTE FUNCTION resources_searchentry_vector();
UPDATE resources_searchentry SET
  search_text = '',
  rank_vector =
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(summary, '')), 'B'),
  facet_ids = ARRAY(
    SELECT 1000000 + audience_id FROM resources_searchentry_audiences
     WHERE searchentry_id = resources_searchentry.id
    UNION SELECT 2000000 + theme_id FROM resources_searchentry_themes
     WHERE searchentry_id = resources_searchentry.id
    UNION SELECT 3000000 + territory_id FROM resources_searchentry_territories
     WHERE searchentry_id = resources_searchentry.id
    ORDER BY 1);
CREATE INDEX resources_searchentry_facets_gin ON resources_searchentry USING gin (facet_ids);
"""

BACKWARD = """
DROP INDEX IF EXISTS resources_searchentry_facets_gin;
ALTER TABLE resources_searchentry RESET (toast_tuple_target);
DROP TRIGGER IF EXISTS resources_searchentry_vector_trg ON resources_searchentry;
CREATE OR REPLACE FUNCTION resources_searchentry_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER resources_searchentry_vector_trg
  BEFORE INSERT OR UPDATE ON resources_searchentry
  FOR EACH ROW EXECUTE FUNCTION resources_searchentry_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)
        return
    # SQLite: the codes are read by Python only; fill them for the demo's entries.
    SearchEntry = apps.get_model("resources", "SearchEntry")
    codes = {"audiences": 1_000_000, "themes": 2_000_000, "territories": 3_000_000}
    for entry in SearchEntry.objects.prefetch_related(*codes):
        entry.facet_ids = sorted(
            base + term.pk for name, base in codes.items() for term in getattr(entry, name).all()
        )
        entry.save(update_fields=["facet_ids"])


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("resources", "0008_engagement")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="facet_ids",
            field=resources.fields.IntArrayField(editable=False),
        ),
        migrations.RunPython(forward, backward),
    ]
