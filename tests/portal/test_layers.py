"""The house in one direction: imports go down the floors only (README, "Architecture").

    ints_portal                   the project: settings, root URLs, Celery app, site-wide views
    hautes_etudes | research      the pillars that select (independent of each other)
    applications                  the selection workflow both pillars share
    resources                     the resource centre, its vocabularies, the search, demo tools
    editorial                     the one editorial workflow, its event log and revisions
    accounts                      contributors' sign-in: ProConnect (OpenID Connect), emailed link
    core                          the ground: mail and outbox, tasks, roles, uploads, caches…

Read from the source by grimp (the import graph import-linter is built on), deferred imports
inside functions included: a deferred import does not dodge this test.
"""

import grimp

FLOORS = [
    "ints_portal",
    {"hautes_etudes", "research"},
    "applications",
    "resources",
    "editorial",
    "accounts",
    "core",
]
PACKAGES = [
    "ints_portal",
    "hautes_etudes",
    "research",
    "resources",
    "applications",
    "editorial",
    "accounts",
    "core",
]


def _graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_no_import_goes_up_a_floor_nor_across_the_pillars():
    illegal = _graph().find_illegal_dependencies_for_layers(layers=FLOORS)

    assert not illegal, "\n".join(
        f"{d.importer} -> {d.imported}: " + "; ".join(sorted(map(str, d.routes)))
        for d in sorted(illegal, key=lambda d: (d.importer, d.imported))
    )


def test_the_ground_imports_no_other_app_of_the_project():
    graph = _graph()
    upward = {
        (module, imported)
        for module in graph.find_children("core") | graph.find_descendants("core")
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.split(".")[0] in set(PACKAGES) - {"core"}
    }

    assert upward == set()


def test_the_import_graph_has_no_cycle_between_packages():
    graph = _graph()
    for package in PACKAGES:
        for other in PACKAGES:
            if package < other:
                both_ways = graph.direct_import_exists(
                    importer=package, imported=other, as_packages=True
                ) and graph.direct_import_exists(importer=other, imported=package, as_packages=True)
                assert not both_ways, (package, other)
