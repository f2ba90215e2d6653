"""Questions de terrain and research-action: the public pages, the research-side stage of a
question (its second state machine, beside the editorial one), and the interests researchers
declare. Models in research/questions/models.py, imported by research.models (same app)."""
