# The research pillar's models arrive with its own issue; the app exists so URLs and navigation
# are stable from the foundation on.
