"""PostgreSQL full-text search: extensions, the french_unaccent configuration, trigger, indexes.

On SQLite (demo mode) nothing happens: the search falls back to accent-free substring matching.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
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
CREATE INDEX resources_searchentry_vector_gin ON resources_searchentry USING gin (search_vector);
CREATE INDEX resources_searchterm_word_trgm ON resources_searchterm USING gin (word gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS resources_searchterm_word_trgm;
DROP INDEX IF EXISTS resources_searchentry_vector_gin;
DROP TRIGGER IF EXISTS resources_searchentry_vector_trg ON resources_searchentry;
DROP FUNCTION IF EXISTS resources_searchentry_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
