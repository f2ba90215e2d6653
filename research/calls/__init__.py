"""Calls for projects (appels à projets): applications and review on the shared workflow.

Their personal data is registered to ints_portal.privacy by research/calls/models.py."""
