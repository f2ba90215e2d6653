"""A page per territory: what happens in a région or a département, where to train there, its
practices and research, and its key figures from the observatory beside the national ones.

The resource centre's own blocks are read here (queries.py); the other pillars add theirs
through the section registry (sections.py) from their AppConfig.ready, as for crosslinks.
"""
