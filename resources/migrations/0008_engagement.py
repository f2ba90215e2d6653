import uuid

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# model: permission codename prefixes curators get ("Lecture seule" gets view_ on all of them)
CURATOR_RIGHTS = {
    "event": ("add_", "change_", "delete_", "view_"),
    "feedback": ("view_", "delete_"),
    "resourcestat": ("view_",),
}
# Subscriptions (email addresses) stay with administrators: personal data, need to know.


def grant_curators(apps, schema_editor):
    """Rights on the agenda and the readers' side for the groups created in 0004."""
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for model, prefixes in CURATOR_RIGHTS.items():
        perms = Permission.objects.filter(content_type__app_label="resources",
                                          content_type__model=model)
        for group in Group.objects.filter(name="Curateurs"):
            group.permissions.add(*[p for p in perms if p.codename.startswith(prefixes)])
        for group in Group.objects.filter(name="Lecture seule"):
            group.permissions.add(*perms.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0007_observatory"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='resource',
            name='easy_read_summary',
            field=models.TextField(blank=True, help_text='Phrases courtes, mots simples : montré en premier à qui le demande.', verbose_name='résumé en facile à lire et à comprendre (FALC)'),
        ),
        migrations.AddField(
            model_name='resource',
            name='last_reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dernière relecture'),
        ),
        migrations.AddField(
            model_name='resource',
            name='link_checked_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='liens vérifiés le'),
        ),
        migrations.AddField(
            model_name='resource',
            name='link_error',
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name='lien ou fichier cassé'),
        ),
        migrations.AddField(
            model_name='resource',
            name='owner',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='owned_resources', to=settings.AUTH_USER_MODEL, verbose_name='responsable éditorial'),
        ),
        migrations.AddField(
            model_name='resource',
            name='review_interval_days',
            field=models.PositiveSmallIntegerField(default=365, verbose_name='relire tous les (jours)'),
        ),
        migrations.CreateModel(
            name='Feedback',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('useful', models.BooleanField(verbose_name='utile')),
                ('comment', models.TextField(blank=True, max_length=1000, verbose_name='commentaire')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='reçu le')),
                ('resource', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='resources.resource', verbose_name='ressource')),
            ],
            options={
                'verbose_name': 'avis de lecteur',
                'verbose_name_plural': 'avis des lecteurs',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='adresse électronique')),
                ('scope', models.CharField(choices=[('resources', 'Ressources'), ('events', 'Agenda'), ('search', 'Recherche sur tout le portail')], max_length=20, verbose_name='rubrique')),
                ('query_string', models.CharField(blank=True, max_length=1000, verbose_name='requête enregistrée')),
                ('label', models.CharField(blank=True, max_length=300, verbose_name='intitulé')),
                ('token', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créée le')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmée le')),
                ('last_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='dernier envoi le')),
            ],
            options={
                'verbose_name': 'alerte par courriel',
                'verbose_name_plural': 'alertes par courriel',
                'constraints': [models.UniqueConstraint(fields=('email', 'scope', 'query_string'), name='subscription_unique_query')],
            },
        ),
        migrations.CreateModel(
            name='ResourceStat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='jour')),
                ('views', models.PositiveIntegerField(default=0, verbose_name='consultations')),
                ('downloads', models.PositiveIntegerField(default=0, verbose_name='téléchargements')),
                ('resource', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stats', to='resources.resource')),
            ],
            options={
                'verbose_name': 'fréquentation',
                'verbose_name_plural': 'fréquentation',
                'constraints': [models.UniqueConstraint(fields=('resource', 'day'), name='resourcestat_unique_day')],
            },
        ),
        migrations.RunPython(grant_curators, migrations.RunPython.noop),
    ]
