"""Search at 100,000 entries: a sample of the matches, no duplicate alternatives.

- A B-tree index on `MOD(id, 64)`: the matches of a broad query are counted over the entries of
  a few of 64 buckets (resources.search.faceting), which PostgreSQL reads by combining this index
  with the text index, so that only the sample's rows are read from the table.
  A RUM index on the whole vector (which checks phrases without re-reading the vectors) was
  measured and left out: for phrases made of frequent words (« conseiller en économie sociale
  et familiale », from « CESF ») it reads their long posting lists with positions and was 5
  times slower than GIN, which re-reads only the sample's candidates.
- `ints_word_tsquery` and `ints_phrase_tsquery` no longer repeat an alternative when both ways
  of stemming give the same lexemes (« 'aller-ver' | 'aller-ver' »).
"""

from django.db import migrations

BUCKET = "resources_searchentry_bucket"

FUNCTIONS = """
CREATE OR REPLACE FUNCTION ints_either_tsquery(a tsquery, b tsquery) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a::text = b::text THEN a ELSE a || b END
$$;
CREATE OR REPLACE FUNCTION ints_word_tsquery(word text) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT ints_either_tsquery(
    ints_fold_tsquery(phraseto_tsquery('ints_french_word'::regconfig, word)),
    phraseto_tsquery('ints_unaccent_word'::regconfig, word))
$$;
CREATE OR REPLACE FUNCTION ints_phrase_tsquery(phrase text) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT ints_either_tsquery(
    ints_fold_tsquery(phraseto_tsquery('french'::regconfig, phrase)),
    phraseto_tsquery('french_unaccent'::regconfig, phrase))
$$;
"""

FUNCTIONS_BACK = """
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
DROP FUNCTION IF EXISTS ints_either_tsquery(tsquery, tsquery);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")  # indexes every entry: seconds at 100k
        cursor.execute(FUNCTIONS)
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {BUCKET} ON resources_searchentry (MOD(id, 64))"
        )
        cursor.execute("ANALYZE resources_searchentry")  # statistics of the new expressions


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {BUCKET};" + FUNCTIONS_BACK
        )


class Migration(migrations.Migration):
    dependencies = [("resources", "0011_merge_20261201_1502")]

    operations = [migrations.RunPython(forward, backward)]
