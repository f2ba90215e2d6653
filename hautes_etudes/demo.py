"""Demo content of the cycle des hautes études, read from ints_portal/demo_data/hautes_etudes.yaml:
the current promotion (applications open around the first load) with its programme, criteria and
targets, the previous promotion and its alumni, and the decision e-mails."""

from ints_portal.demo_data import loader


def load_hautes_etudes_demo(*, now=None):
    """Load the cycle's demo; return a French one-line summary. Idempotent: existing promotions
    and e-mails are left as they are (staff edit them).

    Side effects: writes promotions, sessions, criteria, targets, alumni and decision e-mails.
    """
    result = loader.load("hautes_etudes", now=now)
    return f"{len(result.changed)} élément(s) du cycle créé(s)"
