"""What the OAI-PMH repository must remember between harvests: withdrawals and datestamps.

- A record that stops being public, whatever the cause (a publication made non-public, a
  resource taken out of publication or whose publication date is moved into the future, either
  deleted), leaves an `OAITombstone`: harvesters then see a header with status="deleted"
  (deletedRecord is persistent). Saving it public again removes the tombstone, and a tombstone
  whose record is public again (a scheduled date that came) is not listed (research/oai.py).
- The datestamp of a record is its `updated_at`: it is moved forward whenever something the
  record shows changes without saving the record itself (themes, labs, contributors, a theme's
  name), so that incremental harvests (`from=`) pick the change up.

Receivers, because deletions and many-to-many edits come from the admin, the importers and the
demo loader alike; queryset `.update()` bypasses them, as everywhere in Django.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from research.models import OAITombstone, Publication, PublicationContributor
from resources.models import Resource, Theme


def set_specs(kind, obj):
    """The sets a record belongs to (shared by live headers and tombstones)."""
    if kind == "publication":
        specs = ["publication", f"publication:{obj.publication_type}"]
    else:
        specs = ["resource", f"resource:{obj.resource_type.slug}"]
    return specs + [f"theme:{theme.slug}" for theme in obj.themes.all()]


def withdraw(*, kind, obj):
    """Record that `obj` left the repository. Side effects: writes one OAITombstone row."""
    OAITombstone.objects.update_or_create(
        kind=kind,
        object_pk=obj.pk,
        defaults={"deleted_at": timezone.now(), "set_specs": set_specs(kind, obj)},
    )


def restore(*, kind, pk):
    """`obj` is in the repository again. Side effects: deletes its tombstone, if any."""
    OAITombstone.objects.filter(kind=kind, object_pk=pk).delete()


def touch(model, pks):
    """Move the datestamp of records whose shown content changed. Side effects: one UPDATE."""
    if pks:
        model.objects.filter(pk__in=pks).update(updated_at=timezone.now())


def _visibility_may_have_changed(created, update_fields, field):
    return not created and (update_fields is None or field in update_fields)


@receiver(post_save, sender=Publication)
def _publication_saved(sender, instance, created, update_fields, **kwargs):
    if instance.is_public:
        restore(kind="publication", pk=instance.pk)
    elif _visibility_may_have_changed(created, update_fields, "is_public"):
        withdraw(kind="publication", obj=instance)


@receiver(post_save, sender=Resource)
def _resource_saved(sender, instance, created, update_fields, **kwargs):
    if instance.is_visible:
        restore(kind="resource", pk=instance.pk)
    elif _visibility_may_have_changed(
        created, update_fields, "status"
    ) or _visibility_may_have_changed(created, update_fields, "publication_date"):
        withdraw(kind="resource", obj=instance)


@receiver(pre_delete, sender=Publication)
@receiver(pre_delete, sender=Resource)
def _record_deleted(sender, instance, **kwargs):
    # Before the delete: the themes (set specs) are still there.
    withdraw(kind="publication" if sender is Publication else "resource", obj=instance)


def _m2m_touch(model):
    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            touch(model, [instance.pk])
        elif pk_set:
            touch(model, pk_set)

    return handler


_publication_themes = _m2m_touch(Publication)
_publication_labs = _m2m_touch(Publication)
_resource_themes = _m2m_touch(Resource)
m2m_changed.connect(_publication_themes, sender=Publication.themes.through)
m2m_changed.connect(_publication_labs, sender=Publication.labs.through)
m2m_changed.connect(_resource_themes, sender=Resource.themes.through)


@receiver(post_save, sender=PublicationContributor)
@receiver(post_delete, sender=PublicationContributor)
def _contributor_changed(sender, instance, **kwargs):
    touch(Publication, [instance.publication_id])


@receiver(post_save, sender=Theme)
def _theme_saved(sender, instance, created, **kwargs):
    # A renamed theme changes dc:subject and the set name of every record filed under it.
    if not created:
        now = timezone.now()
        Publication.objects.filter(themes=instance).update(updated_at=now)
        Resource.objects.filter(themes=instance).update(updated_at=now)
