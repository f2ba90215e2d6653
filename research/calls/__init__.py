"""Calls for projects (appels à projets): applications and review on the shared workflow.

`purge` and `personal_data` are used by the cycle's privacy commands (one command for both)."""


def purge(**kwargs):
    from research.calls.services import purge as _purge

    return _purge(**kwargs)


def personal_data(email):
    from research.calls.services import personal_data as _personal_data

    return _personal_data(email)
