import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ints_portal.settings")
application = get_wsgi_application()

# Each web process loads the facet bitmaps of the current catalogue version, and of every new
# one as it is announced, in a thread of its own: no request pays that load.
from resources.search import preload  # noqa: E402  (after Django is set up)

preload.start()
os.register_at_fork(after_in_child=preload.start)
