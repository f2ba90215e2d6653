"""The one privacy registry: every model that holds personal data is declared here by the app
that owns it, and the right-of-access export (`manage.py export_personal_data`) and the daily
purge (`manage.py purge_personal_data`, ints_portal/schedules.py) run over all of them.

It lives in core, the ground floor, so that every floor can register (applications for its
application models, editorial for contributors' proposals, accounts for the contributors'
accounts) without importing upwards. A section is registered once, from the owning app's
models module or AppConfig.ready:

    from core import privacy

    privacy.register(
        key="contributeurs",             # the export's key
        title="Propositions des contributeurs",  # the purge's report line
        export=lambda email: [...],      # JSON-serialisable rows about that address
        purge=lambda *, now, dry_run: "3 proposition(s) supprimée(s)",  # what it did
    )

accounts (h22auth) registers the contributors' accounts here the same way, with one line in
AccountsConfig.ready: `privacy.register(**accounts.privacy.SECTION)` (export of the account:
email, name, SIRET, sign-in dates; purge of sign-in links and of dormant accounts without
contributions). The order of registration is the order of the export and of the report.
"""

from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    export: object  # callable(email) -> list
    purge: object  # callable(*, now, dry_run) -> str, the report of what was (or would be) done


_sections = {}


def register(*, key, title, export, purge):
    """Declare one section of personal data (once per key; registering again replaces it)."""
    _sections[key] = Section(key, title, export, purge)


def sections():
    return list(_sections.values())


def export_person(*, email):
    """Everything every section holds on one address: a JSON-serialisable dict."""
    email = email.strip().lower()
    result = {"email": email}
    for section in sections():
        result[section.key] = section.export(email)
    return result


def purge(*, now=None, dry_run=False):
    """Run every section's purge. Returns [(title, report)].

    Side effects: those of each section (nothing when dry_run)."""
    now = now or timezone.now()
    return [(s.title, s.purge(now=now, dry_run=dry_run)) for s in sections()]
