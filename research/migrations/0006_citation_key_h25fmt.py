"""Citation keys stored on the publication (issue 25), and assigned to existing rows once.

Existing rows get the keys the export computed until now: public publications first, in
primary-key order (so every key already published stays the same), then the others.
"""

from django.db import migrations, models
from django.db.models import Q

from research.citations import key_stem, next_free_key

NAMED, PSEUDONYM, ANONYMOUS = "named", "pseudonym", "anonymous"


def _first_cited_family(contributors):
    cited = [c for c in contributors if c.visibility != ANONYMOUS]
    authors = [c for c in cited if c.role not in ("editor", "supervisor")]
    people = authors or [c for c in cited if c.role == "editor"]
    if not people:
        return ""
    first = people[0]
    return first.pseudonym if first.visibility == PSEUDONYM else first.family_name


def assign_keys(apps, schema_editor):
    Publication = apps.get_model("research", "Publication")
    PublicationContributor = apps.get_model("research", "PublicationContributor")
    contributors = {}
    for contributor in PublicationContributor.objects.order_by("position", "pk"):
        contributors.setdefault(contributor.publication_id, []).append(contributor)
    taken = set()
    rows = list(Publication.objects.order_by("-is_public", "pk"))
    for publication in rows:
        stem = key_stem(
            family=_first_cited_family(contributors.get(publication.pk, [])),
            title=publication.title,
            year=publication.year,
        )
        publication.citation_key = next_free_key(stem, taken)
        taken.add(publication.citation_key)
    Publication.objects.bulk_update(rows, ["citation_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("research", "0005_merge_0004_h12_workflow_0004_h15_oai_tombstone")]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="citation_key",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=80,
                verbose_name="clé de citation",
            ),
        ),
        migrations.RunPython(assign_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="publication",
            constraint=models.UniqueConstraint(
                condition=~Q(citation_key=""),
                fields=("citation_key",),
                name="publication_unique_citation_key",
            ),
        ),
    ]
