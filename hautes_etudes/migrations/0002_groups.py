from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.roles import CURATORS, CYCLE

PUBLIC_CONTENT = ["edition", "session", "auditor"]
SELECTION = ["application", "attachment", "review", "criterion", "target", "decisiontemplate"]


def create_groups(apps, schema_editor):
    """Curators edit the public side of the cycle; the selection secretariat runs the
    selection (and edits editions); the committee reviews. Nobody else reads applications."""
    app_config = apps.get_app_config("hautes_etudes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="hautes_etudes")
    secretariat, _ = Group.objects.get_or_create(name=CYCLE.secretariat)
    committee, _ = Group.objects.get_or_create(name=CYCLE.committee)
    secretariat.permissions.add(*perms.filter(content_type__model__in=PUBLIC_CONTENT + SELECTION))
    committee.permissions.add(*perms.filter(content_type__model="review",
                                            codename__in=["view_review", "change_review"]))
    for group in Group.objects.filter(name=CURATORS):
        group.permissions.add(*perms.filter(content_type__model__in=PUBLIC_CONTENT))


class Migration(migrations.Migration):
    dependencies = [("hautes_etudes", "0001_initial"), ("resources", "0004_staff_groups")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
