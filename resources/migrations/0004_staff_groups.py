"""Staff groups: curators edit the resource centre; readers see the back-office read-only."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATORS = "Curateurs"
READERS = "Lecture seule"
CURATED_MODELS = [
    ("resources", "resource"), ("resources", "organisation"), ("resources", "audience"),
    ("resources", "theme"), ("resources", "resourcetype"), ("resources", "territory"),
    ("taggit", "tag"),
]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    readers, _ = Group.objects.get_or_create(name=READERS)
    for app_label, model in CURATED_MODELS:
        perms = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
        curators.permissions.add(*perms)
        readers.permissions.add(*perms.filter(codename__startswith="view_"))
    curators.permissions.add(*Permission.objects.filter(
        content_type__app_label="admin", content_type__model="logentry", codename="view_logentry"
    ))


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0003_vocabularies"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
