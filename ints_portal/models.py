from ints_portal.applications.models import (  # noqa: F401  (the app's models)
    ApplicationAccess,
    ApplicationEvent,
)
