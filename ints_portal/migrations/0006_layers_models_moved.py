"""The models that lived here now live in core and applications, on the same tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ints_portal', '0005_merge_0004_h19mail_0004_h19perm_rules_change'),
        ('core', '0001_initial'),
        ('applications', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='applicationevent',
                    name='by',
                ),
                migrations.RemoveField(
                    model_name='applicationevent',
                    name='content_type',
                ),
                migrations.RemoveField(
                    model_name='outboxmessage',
                    name='content_type',
                ),
                migrations.RemoveField(
                    model_name='ruleschange',
                    name='by',
                ),
                migrations.RemoveField(
                    model_name='ruleschange',
                    name='content_type',
                ),
                migrations.DeleteModel(
                    name='ApplicationAccess',
                ),
                migrations.DeleteModel(
                    name='ApplicationEvent',
                ),
                migrations.DeleteModel(
                    name='OutboxMessage',
                ),
                migrations.DeleteModel(
                    name='RulesChange',
                ),
            ],
            database_operations=[],
        ),
    ]
