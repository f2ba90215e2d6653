"""The « Proposer … » pages of the resource centre (the form logic is editorial.contribute's)."""

from editorial.contribute import contribution_view
from resources.contributions.forms import (
    EventContributionForm,
    PracticeContributionForm,
    ResourceContributionForm,
)

propose_practice = contribution_view(
    PracticeContributionForm,
    template="resources/contributions/practice_form.html",
    url_name="resources:propose_practice",
)
propose_event = contribution_view(
    EventContributionForm,
    template="resources/contributions/event_form.html",
    url_name="resources:propose_event",
)
propose_resource = contribution_view(
    ResourceContributionForm,
    template="resources/contributions/resource_form.html",
    url_name="resources:propose_resource",
)
