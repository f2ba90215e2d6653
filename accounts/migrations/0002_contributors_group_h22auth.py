from django.db import migrations

from core.roles import CONTRIBUTORS


def create_group(apps, schema_editor):
    # No permission here: what a contributor may do on their own proposals is decided by the
    # editorial workflow (editorial/workflow.py), and the back-office stays closed to them.
    apps.get_model("auth", "Group").objects.get_or_create(name=CONTRIBUTORS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_contributors_h22auth"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
