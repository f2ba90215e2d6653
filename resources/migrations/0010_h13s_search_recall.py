"""Search recall: accent-insensitive without losing the French stemmer's recall.

`french_unaccent` removes accents before Snowball stems, and Snowball stems the two spellings
differently: « accompagnées » gives `accompagne` there but `accompagn` with plain `french`, so
« personnes accompagnées » missed « accompagnement ». Each word is now indexed twice at the same
position (`ints_tsvector`): the plain `french` stem with its accents folded (the stemmer's
recall) and the `french_unaccent` stem (what a query typed without accents gives). A query word
looks for both (`ints_word_tsquery`, `ints_phrase_tsquery`; resources/search/query.py builds the
query). Single query words use configurations without the hyphenated word's parts, so
« aller-vers » looks for the compound lexeme `aller-ver`, which the GIN index checks alone (the
phrase of its parts needed every candidate's vector re-read), with the same hits.

No file in the server's tsearch_data directory is needed (a managed database has none to give).
On SQLite (the demo) the search text is rebuilt with the same stems (resources/search/stemming.py).
"""

from django.db import migrations

FORWARD = """
SET LOCAL statement_timeout = 0;  -- reindexes every entry: minutes on a large catalogue
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'ints_french_word') THEN
    CREATE TEXT SEARCH CONFIGURATION ints_french_word (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION ints_french_word DROP MAPPING FOR hword_part, hword_asciipart;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'ints_unaccent_word') THEN
    CREATE TEXT SEARCH CONFIGURATION ints_unaccent_word (COPY = french_unaccent);
    ALTER TEXT SEARCH CONFIGURATION ints_unaccent_word
      DROP MAPPING FOR hword_part, hword_asciipart;
  END IF;
END
$$;
CREATE OR REPLACE FUNCTION ints_fold_tsquery(query tsquery) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(query) = 0 THEN query ELSE unaccent(query::text)::tsquery END
$$;
CREATE OR REPLACE FUNCTION ints_word_tsquery(word text) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT ints_fold_tsquery(phraseto_tsquery('ints_french_word'::regconfig, word))
      || phraseto_tsquery('ints_unaccent_word'::regconfig, word)
$$;
CREATE OR REPLACE FUNCTION ints_phrase_tsquery(phrase text) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT ints_fold_tsquery(phraseto_tsquery('french'::regconfig, phrase))
      || phraseto_tsquery('french_unaccent'::regconfig, phrase)
$$;
CREATE OR REPLACE FUNCTION ints_tsvector(document text) RETURNS tsvector
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  -- Cast through text: lexemes at the same position merge, positions and weights are kept.
  SELECT (unaccent(to_tsvector('french'::regconfig, document)::text) || ' '
          || to_tsvector('french_unaccent'::regconfig, document)::text)::tsvector
$$;
CREATE OR REPLACE FUNCTION resources_searchentry_vector() RETURNS trigger AS $$
BEGIN
  NEW.rank_vector :=
    setweight(ints_tsvector(coalesce(NEW.title, '')), 'A') ||
    setweight(ints_tsvector(coalesce(NEW.summary, '')), 'B');
  NEW.search_vector :=
    NEW.rank_vector || setweight(ints_tsvector(coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
UPDATE resources_searchentry SET title = title;  -- the trigger recomputes both vectors
"""

BACKWARD = """
SET LOCAL statement_timeout = 0;
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
UPDATE resources_searchentry SET title = title;
DROP FUNCTION IF EXISTS ints_tsvector(text);
DROP FUNCTION IF EXISTS ints_phrase_tsquery(text);
DROP FUNCTION IF EXISTS ints_word_tsquery(text);
DROP FUNCTION IF EXISTS ints_fold_tsquery(tsquery);
DROP TEXT SEARCH CONFIGURATION IF EXISTS ints_unaccent_word;
DROP TEXT SEARCH CONFIGURATION IF EXISTS ints_french_word;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)
        return
    from resources.search import stemming  # the demo's stems, as resources.search writes them

    SearchEntry = apps.get_model("resources", "SearchEntry")
    for entry in SearchEntry.objects.only("title", "summary", "body"):
        entry.search_text = stemming.document(entry.title, entry.summary, entry.body)
        entry.save(update_fields=["search_text"])


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("resources", "0009_search_scale")]
    operations = [migrations.RunPython(forward, backward)]
