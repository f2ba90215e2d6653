"""Paths other rooms own that the sign-in needs, written once (no import of the rooms above)."""

# « Mes contributions », the contributor's space (editorial: my_contributions).
MY_CONTRIBUTIONS_PATH = "/mes-contributions/"
