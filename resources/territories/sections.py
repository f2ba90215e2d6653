"""Blocks of the territory page that other pillars provide, without resources importing them.

A pillar registers a provider: a function taking a `Scope` and returning a list of `Section`
— one query per section at most, whatever the number of items. The page shows every section
in the order registered, with its empty message when it has no item.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from resources.enums import TerritoryKind

_providers = []


@dataclass(frozen=True)
class Scope:
    """The territory of a page and the rows it covers: a région covers its départements."""

    territory: object  # a resources.Territory

    @property
    def is_region(self):
        return self.territory.kind == TerritoryKind.REGION

    def q(self, path):
        """A filter on the territory foreign key or many-to-many at `path`: the territory
        itself, and for a région its départements too."""
        condition = Q(**{path: self.territory})
        if self.is_region:
            condition |= Q(**{f"{path}__parent": self.territory})
        return condition


@dataclass
class Item:
    label: str
    url: str = ""
    detail: str = ""  # a short line under the label (a lab's city, a question's stage)


@dataclass
class Section:
    key: str  # the section's id in the page (a heading's anchor)
    title: str
    items: list = field(default_factory=list)
    empty: str = ""  # shown when there is no item
    more_url: str = ""
    more_label: str = ""


def register(provider):
    _providers.append(provider)
    return provider


def for_scope(scope):
    sections = []
    for provider in _providers:
        sections.extend(provider(scope))
    return sections
