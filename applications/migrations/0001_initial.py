"""The access log, the status history and the rules changes move from ints_portal to
applications (issue 21): state only, their tables are kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_types(apps, schema_editor):
    """The moved models' content types (and so their permissions) follow them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="ints_portal", model__in=['applicationaccess', 'applicationevent', 'ruleschange']).update(
        app_label="applications"
    )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="applications", model__in=['applicationaccess', 'applicationevent', 'ruleschange']).update(
        app_label="ints_portal"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('ints_portal', '0005_merge_0004_h19mail_0004_h19perm_rules_change'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ApplicationAccess',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('action', models.CharField(max_length=40, verbose_name='action')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='le')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL, verbose_name='utilisateur')),
                    ],
                    options={
                        'verbose_name': 'accès à une candidature',
                        'verbose_name_plural': 'accès aux candidatures',
                        'db_table': 'ints_portal_applicationaccess',
                        'ordering': ['-at'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='ints_portal_content_1b59c5_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('at', models.DateTimeField(db_index=True, verbose_name='le')),
                        ('source', models.CharField(choices=[('draft', 'Brouillon'), ('submitted', 'Déposée'), ('complete', 'Complète'), ('shortlisted', 'Présélectionnée'), ('interview', 'Entretien'), ('accepted', 'Retenue'), ('confirmed', 'Place confirmée'), ('waiting_list', "Liste d'attente"), ('rejected', 'Non retenue'), ('withdrawn', 'Retirée')], max_length=20, verbose_name='de')),
                        ('target', models.CharField(choices=[('draft', 'Brouillon'), ('submitted', 'Déposée'), ('complete', 'Complète'), ('shortlisted', 'Présélectionnée'), ('interview', 'Entretien'), ('accepted', 'Retenue'), ('confirmed', 'Place confirmée'), ('waiting_list', "Liste d'attente"), ('rejected', 'Non retenue'), ('withdrawn', 'Retirée')], max_length=20, verbose_name='vers')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='par')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'changement de statut',
                        'verbose_name_plural': 'historique des statuts',
                        'db_table': 'ints_portal_applicationevent',
                        'ordering': ['at', 'pk'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='ints_portal_content_e21826_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='RulesChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('at', models.DateTimeField(db_index=True, verbose_name='le')),
                        ('reason', models.TextField(verbose_name='motif')),
                        ('changes', models.TextField(verbose_name='changements')),
                        ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='par')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'modification des règles',
                        'verbose_name_plural': 'modifications des règles',
                        'db_table': 'ints_portal_ruleschange',
                        'ordering': ['at', 'pk'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='ints_portal_content_5287b5_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
