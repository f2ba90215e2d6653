"""Keep the site-wide search in step with labs, projects and publications."""

from django.db.models.signals import post_delete, post_save

from research.models import (
    Call,
    FieldQuestion,
    Lab,
    Project,
    ProjectContributor,
    Publication,
    PublicationContributor,
)
from resources.signals import connect, reindex_later

connect(Lab)
connect(Project)
connect(Publication)
connect(Call)
connect(FieldQuestion)


def _reindex_parent(sender, instance, **kwargs):
    # Contributors' names are searchable: their parent's entry changes with them.
    model = Publication if isinstance(instance, PublicationContributor) else Project
    parent_id = getattr(instance, f"{model._meta.model_name}_id", None)
    if parent_id is not None:
        reindex_later(model, parent_id)


for _model in (PublicationContributor, ProjectContributor):
    post_save.connect(
        _reindex_parent, sender=_model, dispatch_uid=f"research-contributor-save-{_model.__name__}"
    )
    post_delete.connect(
        _reindex_parent,
        sender=_model,
        dispatch_uid=f"research-contributor-delete-{_model.__name__}",
    )
