"""Revisions of publishable objects (django-reversion): one per save, and « restaurer ».

The admin's saves are revisions of their own (reversion's VersionAdmin), as are the moves
(editorial.workflow.transition) and staff imports. Any other full save of a registered model
(a public proposal form, a loader) gets one here, after the fact, so that no save is lost;
partial saves (`update_fields`: link checks, counters) are bookkeeping, not edits. Such an
after-the-fact revision is taken before a form's many-to-many fields are set: code that saves
a publishable object with its relations (the public proposal forms) wraps the save and the
relations in `with reversion.create_revision():` so that the revision holds both.

Restoring copies an old version's content onto the object and saves it as a new revision; it
never brings back an old editorial state (only transition() writes those), nor who proposed it.
"""

import reversion
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

# Never restored: the workflow's fields and the object's own bookkeeping.
KEPT_ON_RESTORE = {
    "id",
    "status",
    "submitted_at",
    "contributor",
    "contributor_id",
    "created_at",
    "updated_at",
    "created_by",
    "created_by_id",
}


def _keep_revision(sender, instance, created, raw, update_fields, **kwargs):
    if raw or update_fields or reversion.is_active():
        return
    with reversion.create_revision():
        reversion.set_comment(_("Création") if created else _("Modification"))
        reversion.add_to_revision(instance)


def track(model):
    post_save.connect(_keep_revision, sender=model, dispatch_uid=f"revisions:{model._meta.label}")


def restore(*, obj, version, by):
    """Give `obj` the content of `version` again, as a new revision (its comment names the
    version's date). Returns the object.

    Side effects: saves the object (its editorial state, contributor and dates kept), sets its
    many-to-many fields, writes one revision."""
    model = type(obj)
    values = version.field_dict
    many = {}
    with transaction.atomic(), reversion.create_revision():
        for field in model._meta.concrete_fields:
            if field.name in KEPT_ON_RESTORE or field.attname not in values:
                continue
            setattr(obj, field.attname, values[field.attname])
        for field in model._meta.many_to_many:
            if isinstance(field, models.ManyToManyField) and field.attname in values:
                many[field.name] = values[field.attname]
        obj.save()
        for name, pks in many.items():
            getattr(obj, name).set(pks)
        reversion.add_to_revision(obj)
        if by is not None:
            reversion.set_user(by)
        reversion.set_comment(
            _("Restauration de la version du %(date)s")
            % {"date": version.revision.date_created.strftime("%d/%m/%Y %H:%M")}
        )
    return obj
