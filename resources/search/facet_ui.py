"""How a list's facets are shown (templates/includes/facets.html): every option choosable.

The options people choose most come first (ties by label, accents ignored); past the first
few, the others wait behind « Voir plus » (a <details>, so it works without JavaScript); long
facets (territories) also get a filter box, shown by static/js/facets.js. The counting itself
is resources.search.faceting's: this module only orders and groups what it returns.
"""

import unicodedata
from dataclasses import dataclass, field

from resources.search.faceting import Option

VISIBLE_OPTIONS = 6
# « Voir plus » for one or two options would hide less than it costs: show them.
MIN_HIDDEN = 3
SEARCHABLE_FROM = 20


@dataclass(frozen=True)
class Chip:
    """One active filter as a removable tag: its label and the URL without it."""

    label: str
    url: str


@dataclass
class FacetGroup:
    param: str
    label: str
    shown: list
    more: list = field(default_factory=list)
    searchable: bool = False

    @property
    def more_has_selected(self):
        """Open « Voir plus » when a chosen option is behind it, so no choice is hidden."""
        return any(option.selected for option in self.more)

    @property
    def options(self):
        return [*self.shown, *self.more]


def sort_key(label):
    """Labels as a French reader sorts them: « Égalité » between « Économie » and « Enfance »."""
    decomposed = unicodedata.normalize("NFKD", str(label))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def ordered_options(result):
    """The facet's options most frequent first, ties by label; facets ordered by their label
    (years, newest first) keep that order."""
    if result.facet.order_by_label:
        return list(result.options)
    return sorted(result.options, key=lambda option: (-option.count, sort_key(option.label)))


def chosen_but_missing(result, params):
    """Options for the values chosen in `params` that the counts left out (a combination of
    filters with no result): with a zero count, checked, and removable, so that a page with
    no result still shows, and lets people undo, what led there. Their label is
    the vocabulary's or the choices' (« Thèse », not « These »), the value itself only for a value
    neither knows."""
    if params is None:
        return []
    present = {option.value for option in result.options}
    chosen = [
        v for v in result.facet.parse(params.getlist(result.facet.param)) if str(v) not in present
    ]
    labels = result.chosen_labels(chosen) if chosen else {}
    missing = []
    for value in chosen:
        others = params.copy()
        others.pop("page", None)
        others.setlist(
            result.facet.param,
            [v for v in params.getlist(result.facet.param) if v.strip() != str(value)],
        )
        label = labels.get(str(value)) or str(value).replace("-", " ")
        missing.append(
            Option(
                value=str(value),
                label=label[:1].upper() + label[1:],
                count=0,
                selected=True,
                url="?" + others.urlencode(),
            )
        )
    return missing


def facet_groups(results, params=None, *, visible=VISIBLE_OPTIONS, searchable_from=SEARCHABLE_FROM):
    """One FacetGroup per facet that has options, in the facets' order; `params` (the query
    string) brings back the chosen values the counts left out (chosen_but_missing)."""
    groups = []
    for result in results:
        options = [*chosen_but_missing(result, params), *ordered_options(result)]
        if not options:
            continue
        cut = visible if len(options) - visible >= MIN_HIDDEN else len(options)
        groups.append(
            FacetGroup(
                param=result.facet.param,
                label=str(result.facet.label),
                shown=options[:cut],
                more=options[cut:],
                searchable=len(options) >= searchable_from,
            )
        )
    return groups


def filter_chips(results, extra=(), params=None):
    """The active filters as chips: each chosen option of each facet, then `extra` chips
    (filters that are not facets, such as the agenda's month)."""
    chips = [
        Chip(label=str(option.label), url=option.url)
        for result in results
        for option in [*result.options, *chosen_but_missing(result, params)]
        if option.selected
    ]
    return [*chips, *extra]
