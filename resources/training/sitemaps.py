# Sitemaps of this part, merged into /sitemap.xml by ints_portal/sitemaps.py.
SITEMAPS = {}
