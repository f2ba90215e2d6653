"""An index on the ranking vector (title A, summary B) for the page of a text search.

With the RUM extension (Debian: postgresql-15-rum) the index hands over title/summary matches
ordered by distance, so a page of results reads its 20 rows instead of ranking every match.
Without it (hosts without the package, or without the right to create the extension) a GIN
index finds the title/summary matches and they are ranked as before. SQLite (demo): nothing.
"""

from django.db import migrations, transaction

RUM = "resources_searchentry_rank_rum"
GIN = "resources_searchentry_rank_gin"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")  # reads every entry: a minute at 100k
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone():
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
                    cursor.execute(
                        f"CREATE INDEX IF NOT EXISTS {RUM} ON resources_searchentry"
                        " USING rum (rank_vector rum_tsvector_ops)"
                    )
                return
            except Exception:  # noqa: BLE001  (no right to create it: the GIN index instead)
                pass
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN} ON resources_searchentry USING gin (rank_vector)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {RUM}; DROP INDEX IF EXISTS {GIN}")


class Migration(migrations.Migration):
    dependencies = [("resources", "0009_search_scale")]

    operations = [migrations.RunPython(forward, backward)]
