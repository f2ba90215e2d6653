"""Links from a resource to the other pillars' records, without resources importing them.

A pillar registers a provider: a function taking a Resource and returning a list of
(section title, [(label, url), ...]) — one query per provider at most. The resource page shows
every non-empty section, so records link both ways while dependencies flow one way.
"""

_providers = []


def register(provider):
    _providers.append(provider)
    return provider


def for_resource(resource):
    sections = []
    for provider in _providers:
        sections.extend(section for section in provider(resource) if section[1])
    return sections
