import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from core import roles
from research.models import FieldQuestion
from resources.models import Territory
from resources.training.models import Practice
from tests.factories import OrganisationFactory, ResourceFactory, UserFactory

ROLE_GROUPS = {role.key: role.group for role in roles.EDITORIAL_ROLES}


def member(role_key, **fields):
    """A user in one editorial group only (staff unless a contributeur)."""
    role = next(r for r in roles.EDITORIAL_ROLES if r.key == role_key)
    user = UserFactory(is_staff=role.staff, **fields)
    user.groups.add(Group.objects.get(name=role.group))
    return user


@pytest.fixture
def contributor():
    return member("contributeur")


@pytest.fixture
def writer():
    return member("redacteur")


@pytest.fixture
def reviewer():
    return member("relecteur")


@pytest.fixture
def editor():
    return member("editeur")


def proposal(*, contributor=None, status="proposed", days=0, title="Une proposition", **fields):
    """A resource proposed `days` ago (the queue sorts and flags by submitted_at)."""
    resource = ResourceFactory(title=title, status=status, contributor=contributor, **fields)
    submitted = timezone.now() - datetime.timedelta(days=days)
    type(resource).objects.filter(pk=resource.pk).update(submitted_at=submitted)
    resource.submitted_at = submitted
    return resource


def practice(*, status="proposed", territory=None, days=0, title="Une pratique"):
    obj = Practice.objects.create(
        title=title,
        slug=slugify(title),
        problem="Le problème.",
        action="Ce qui a été fait.",
        results="Les résultats.",
        territory=territory or Territory.objects.filter(kind="departement").first(),
        organisation=OrganisationFactory(),
        status=status,
    )
    Practice.objects.filter(pk=obj.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )
    return obj


def question(*, status="proposed", title="Une question", territory=None):
    return FieldQuestion.objects.create(
        title=title,
        slug=slugify(title),
        context="Le contexte.",
        status=status,
        territory=territory,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def region():
    return Territory.objects.filter(kind="region").first()
