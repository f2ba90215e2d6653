# The browser fixtures (one Chromium per session) and the test OpenID Connect provider
# (tests/support/oidc.py: `oidc_server`, `oidc_provider`) for the sign-in tests.
from tests.browser.conftest import (  # noqa: F401
    _live_server_closes_db_connections,
    axe_page,
    strict_page,
)
from tests.support.oidc import oidc_provider, oidc_server  # noqa: F401
