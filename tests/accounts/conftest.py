# The test OpenID Connect provider (tests/support/oidc.py): `oidc_server`, `oidc_provider`.
from tests.support.oidc import oidc_provider, oidc_server  # noqa: F401
