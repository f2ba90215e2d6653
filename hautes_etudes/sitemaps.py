# Sitemaps of this app, merged into /sitemap.xml by ints_portal/sitemaps.py.
SITEMAPS = {}
