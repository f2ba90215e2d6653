"""The editorial groups (core/roles.py EDITORIAL_ROLES) with only their permissions, and the
éditeur's editorial permissions for the curators who did that work before the roles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from core import roles

# The publishable models as they stood when the roles came (editorial.registry at run time).
PUBLISHABLE = [
    ("resources", "resource"),
    ("resources", "event"),
    ("resources", "practice"),
    ("research", "fieldquestion"),
]
# What the change forms' autocomplete fields look up: reading them is part of writing.
LOOKUPS = [
    ("resources", "theme"),
    ("resources", "audience"),
    ("resources", "resourcetype"),
    ("resources", "territory"),
    ("resources", "organisation"),
    ("research", "lab"),
    ("research", "project"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def model_perms(models, actions):
        perms = []
        for app_label, model in models:
            perms += Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        return perms

    def editorial_perms(codenames):
        return Permission.objects.filter(
            content_type__app_label="editorial",
            content_type__model="editorialevent",
            codename__in=[*codenames, "view_editorialevent"] if codenames else [],
        )

    for role in roles.EDITORIAL_ROLES:
        group, _created = Group.objects.get_or_create(name=role.group)
        if not role.staff:
            continue
        group.permissions.add(
            *model_perms(PUBLISHABLE, role.model_actions),
            *model_perms(LOOKUPS, ("view",)),
            *editorial_perms(role.editorial),
        )
    for curators in Group.objects.filter(name=roles.CURATORS):
        curators.permissions.add(
            *model_perms(PUBLISHABLE, ("view", "add", "change", "delete")),
            *editorial_perms(roles.CURATOR_EDITORIAL),
        )
    for readers in Group.objects.filter(name=roles.READERS):
        readers.permissions.add(*model_perms(PUBLISHABLE, ("view",)), *editorial_perms(()))


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("resources", "0013_publishable"),
        ("research", "0009_field_question"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
