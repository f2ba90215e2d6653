"""Which models are publishable, declared once by the pillar that owns each (in its
AppConfig.ready), so that the moderation queue, « Mes contributions », revisions and
notifications can cover all of them without importing the pillars."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PublishableKind:
    model: type
    label: str  # « une pratique inspirante », as a sentence would say it
    propose_url_name: str = ""  # the public « Proposer … » form, if the field may propose one


_kinds = {}


def register(model, *, label, propose_url_name=""):
    _kinds[model._meta.label_lower] = PublishableKind(model, label, propose_url_name)
    return model


def kinds():
    return list(_kinds.values())


def kind_of(model):
    return _kinds[model._meta.label_lower]
