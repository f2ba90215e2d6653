from ints_portal.applications.models import ApplicationAccess  # noqa: F401  (the app's models)
