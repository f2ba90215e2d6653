from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.roles import CALLS, CURATORS, READERS

CALL_CONTENT = ["call", "calldocument", "callcriterion"]
SELECTION = ["callapplication", "callattachment", "callreview", "calldecisiontemplate"]


def create_groups(apps, schema_editor):
    """Curators publish calls; the scientific secretariat also runs the review; the scientific
    committee reviews. Nobody else reads the applications."""
    app_config = apps.get_app_config("research")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="research")
    secretariat, _ = Group.objects.get_or_create(name=CALLS.secretariat)
    committee, _ = Group.objects.get_or_create(name=CALLS.committee)
    secretariat.permissions.add(*perms.filter(content_type__model__in=CALL_CONTENT + SELECTION))
    committee.permissions.add(
        *perms.filter(
            content_type__model="callreview", codename__in=["view_callreview", "change_callreview"]
        )
    )
    for group in Group.objects.filter(name=CURATORS):
        group.permissions.add(*perms.filter(content_type__model__in=CALL_CONTENT))
    for group in Group.objects.filter(name=READERS):
        group.permissions.add(
            *perms.filter(content_type__model__in=CALL_CONTENT, codename__startswith="view_")
        )


class Migration(migrations.Migration):
    dependencies = [("research", "0002_calls"), ("resources", "0004_staff_groups")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
