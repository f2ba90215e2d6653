from editorial import graph_admin  # noqa: F401 -- registers LinkAdmin and its search
