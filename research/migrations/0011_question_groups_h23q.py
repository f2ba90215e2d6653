from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.roles import CALLS, CURATORS, READERS, RESEARCHERS


def create_groups(apps, schema_editor):
    """Researchers declare interest; the research secretariat (the calls' scientific
    secretariat) reads the interests and moves the stages; curators write the questions;
    read-only staff read them."""
    app_config = apps.get_app_config("research")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="research")
    researchers, _ = Group.objects.get_or_create(name=RESEARCHERS)
    researchers.permissions.add(*perms.filter(codename="add_questioninterest"))
    secretariat, _ = Group.objects.get_or_create(name=CALLS.secretariat)
    secretariat.permissions.add(
        *perms.filter(
            codename__in=[
                "view_fieldquestion",
                "view_questioninterest",
                "view_questionevent",
                "move_question_stage",
            ]
        )
    )
    for group in Group.objects.filter(name=CURATORS):
        group.permissions.add(
            *perms.filter(
                codename__in=["add_fieldquestion", "change_fieldquestion", "view_fieldquestion"]
            )
        )
    for group in Group.objects.filter(name=READERS):
        group.permissions.add(*perms.filter(codename="view_fieldquestion"))


class Migration(migrations.Migration):
    dependencies = [("research", "0010_questions_h23q"), ("resources", "0004_staff_groups")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
