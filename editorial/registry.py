"""Which models are publishable, declared once by the pillar that owns each (in its
AppConfig.ready), so that the moderation queue, « Mes contributions », revisions and
notifications can cover all of them without importing the pillars.

A registration also names, as ORM paths from the model, where its territory and its themes
are (`territory_path`, `theme_path`): the moderation queue filters on them and the pillar's
`editors_for` hook (set_editors_finder) uses them to find the editors to tell."""

from dataclasses import dataclass

import reversion

from editorial import revisions


@dataclass(frozen=True)
class PublishableKind:
    model: type
    label: str  # « une pratique inspirante », as a sentence would say it
    propose_url_name: str = ""  # the public « Proposer … » form, if the field may propose one
    territory_path: str = ""  # e.g. "territories", "region", "territory"
    theme_path: str = ""  # e.g. "themes"

    @property
    def key(self):
        return self.model._meta.label_lower

    @property
    def territory_model(self):
        if not self.territory_path:
            return None
        return self.model._meta.get_field(self.territory_path.split("__")[0]).related_model


_kinds = {}
_editors_finder = []


def register(model, *, label, propose_url_name="", territory_path="", theme_path=""):
    """Declare `model` (a editorial.models.Publishable) to the workflow's screens; it also
    keeps a revision of every save from now on (editorial.revisions)."""
    _kinds[model._meta.label_lower] = PublishableKind(
        model, label, propose_url_name, territory_path, theme_path
    )
    register_revisions(model)
    return model


def register_revisions(model, *, follow=()):
    """Keep revisions of a model that is not (or not yet) in the workflow, such as
    research.Publication (published by `is_public`)."""
    if not reversion.is_registered(model):
        reversion.register(model, follow=follow, ignore_duplicates=True)
    revisions.track(model)
    return model


def kinds():
    return list(_kinds.values())


def kind_of(model):
    return _kinds[model._meta.label_lower]


def set_editors_finder(finder):
    """`finder(obj, kind)` returns the users to tell when `obj` is proposed: the editors of its
    territory or theme (the pillar that owns territories and themes knows them)."""
    _editors_finder[:] = [finder]


def editors_for(obj):
    """The users to tell that `obj` is proposed, or None when no pillar said how to find them
    (editorial.notifications then tells every editor)."""
    if not _editors_finder:
        return None
    return _editors_finder[0](obj, kind_of(type(obj)))
