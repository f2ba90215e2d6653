from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """How people outside the staff sign in: ProConnect (OpenID Connect) for professionals, a
    one-time emailed link for everyone else. Above `core` only."""

    name = "accounts"
    verbose_name = "Comptes des contributeurs"
