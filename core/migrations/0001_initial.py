"""The outbox moves from ints_portal to core (issue 21): state only, its table is kept."""

import django.db.models.deletion
from django.db import migrations, models


def relabel_content_types(apps, schema_editor):
    """The moved models' content types (and so their permissions) follow them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="ints_portal", model__in=['outboxmessage']).update(
        app_label="core"
    )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="core", model__in=['outboxmessage']).update(
        app_label="ints_portal"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('ints_portal', '0005_merge_0004_h19mail_0004_h19perm_rules_change'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboxMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='mis en file le')),
                        ('template_prefix', models.CharField(max_length=200, verbose_name='modèle')),
                        ('recipients', models.JSONField(verbose_name='destinataires')),
                        ('from_email', models.CharField(max_length=300, verbose_name='expéditeur')),
                        ('subject', models.CharField(max_length=998, verbose_name='objet')),
                        ('body_text', models.TextField(verbose_name='texte')),
                        ('body_html', models.TextField(blank=True, verbose_name='HTML')),
                        ('headers', models.JSONField(blank=True, default=dict, verbose_name='en-têtes')),
                        ('message_id', models.CharField(max_length=300, unique=True, verbose_name='Message-ID')),
                        ('status', models.CharField(choices=[('queued', 'En attente'), ('sent', 'Envoyé'), ('failed', 'Échec définitif')], default='queued', max_length=10, verbose_name='état')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='tentatives')),
                        ('next_attempt_at', models.DateTimeField(verbose_name='prochaine tentative')),
                        ('last_error', models.TextField(blank=True, verbose_name='dernière erreur')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='envoyé le')),
                        ('links', models.JSONField(blank=True, default=dict, editable=False, verbose_name='liens (références)')),
                        ('object_id', models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                        ('kind', models.CharField(blank=True, editable=False, max_length=60, verbose_name='nature')),
                        ('content_type', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'courriel en file',
                        'verbose_name_plural': "courriels (file d'envoi)",
                        'db_table': 'ints_portal_outboxmessage',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(condition=models.Q(('status', 'queued')), fields=['next_attempt_at'], name='outbox_queued_due'), models.Index(fields=['content_type', 'object_id'], name='outbox_about')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
