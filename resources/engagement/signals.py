# Connects this part's models to the site-wide search: resources.signals.connect(Model).
