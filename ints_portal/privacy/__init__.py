"""Personal data of applicants, for every pillar: one registry (`registry.register`, called by
each app's models module), one purge and one export over it, one CSV cell guard (`csv`)."""
