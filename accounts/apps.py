from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """How people outside the staff sign in: ProConnect (OpenID Connect) for professionals, a
    one-time emailed link for everyone else. Above `core` only."""

    name = "accounts"
    verbose_name = "Comptes des contributeurs"

    def ready(self):
        from accounts import privacy as accounts_privacy
        from accounts import services
        from core import links, privacy

        links.register(services.LINK_KIND)(services.link_path)
        privacy.register(**accounts_privacy.SECTION)
