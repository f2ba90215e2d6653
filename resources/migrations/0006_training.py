import django.db.models.deletion
import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import core.uploads

TRAINING_MODELS = ["diploma", "rncpcode", "trainingschool", "fundingscheme", "careerbridge",
                   "trainingmodule", "modulechapter", "practice"]


def grant_curators(apps, schema_editor):
    """Curators edit this room; the read-only group sees it (groups from 0004)."""
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="resources",
                                      content_type__model__in=TRAINING_MODELS)
    for group in Group.objects.filter(name="Curateurs"):
        group.permissions.add(*perms)
    for group in Group.objects.filter(name="Lecture seule"):
        group.permissions.add(*perms.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [("resources", "0005_agenda")]

    operations = [
        migrations.CreateModel(
            name='Diploma',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='intitulé')),
                ('abbreviation', models.CharField(max_length=20, unique=True, verbose_name='sigle')),
                ('slug', models.SlugField(max_length=60, unique=True, verbose_name="identifiant d'URL")),
                ('level', models.PositiveSmallIntegerField(choices=[(3, 'Niveau 3 (CAP)'), (4, 'Niveau 4 (bac)'), (5, 'Niveau 5 (bac + 2)'), (6, 'Niveau 6 (bac + 3, licence)'), (7, 'Niveau 7 (bac + 5, master)')], verbose_name='niveau')),
                ('grade_licence', models.BooleanField(default=False, verbose_name='confère le grade de licence')),
                ('duration', models.CharField(max_length=100, verbose_name='durée de formation')),
                ('description', models.TextField(verbose_name='le métier et la formation')),
                ('via_initial', models.BooleanField(default=True, verbose_name='formation initiale')),
                ('via_apprenticeship', models.BooleanField(default=True, verbose_name='apprentissage')),
                ('via_continuing', models.BooleanField(default=True, verbose_name='formation continue')),
                ('via_vae', models.BooleanField(default=True, verbose_name='VAE')),
                ('via_blocks', models.BooleanField(default=False, verbose_name='blocs de compétences')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name="ordre d'affichage")),
            ],
            options={
                'verbose_name': 'diplôme',
                'verbose_name_plural': 'diplômes',
                'ordering': ['level', 'position', 'abbreviation'],
            },
        ),
        migrations.CreateModel(
            name='FundingScheme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='nom')),
                ('slug', models.SlugField(max_length=255, unique=True, verbose_name="identifiant d'URL")),
                ('funder', models.CharField(max_length=255, verbose_name='qui finance')),
                ('beneficiaries', models.CharField(max_length=255, verbose_name='pour qui')),
                ('description', models.TextField(verbose_name='en pratique')),
                ('url', models.URLField(blank=True, verbose_name='en savoir plus')),
                ('is_national', models.BooleanField(default=True, verbose_name='dispositif national')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name="ordre d'affichage")),
                ('regions', models.ManyToManyField(blank=True, limit_choices_to={'kind': 'region'}, related_name='+', to='resources.territory', verbose_name='régions')),
            ],
            options={
                'verbose_name': 'financement',
                'verbose_name_plural': 'financements',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Practice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='titre')),
                ('slug', models.SlugField(max_length=255, unique=True, verbose_name="identifiant d'URL")),
                ('problem', models.TextField(verbose_name='le problème')),
                ('action', models.TextField(verbose_name='ce qui a été fait')),
                ('results', models.TextField(verbose_name='les résultats')),
                ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact')),
                ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='courriel du contact')),
                ('contact_phone', models.CharField(blank=True, max_length=30, verbose_name='téléphone du contact')),
                ('contact_consent', models.BooleanField(default=False, help_text='Sans cet accord, les coordonnées ne sont jamais affichées.', verbose_name="le contact accepte d'être publié")),
                ('featured', models.BooleanField(default=False, verbose_name="mise en avant sur l'accueil")),
                ('status', models.CharField(choices=[('draft', 'Brouillon'), ('review', 'En relecture'), ('published', 'Publiée'), ('archived', 'Archivée')], default='draft', max_length=20, verbose_name='statut éditorial')),
                ('publication_date', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date de publication')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifiée le')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='practices', to='resources.organisation', verbose_name='structure')),
                ('territory', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='practices', to='resources.territory', verbose_name='territoire')),
                ('themes', models.ManyToManyField(blank=True, related_name='practices', to='resources.theme', verbose_name='thématiques')),
            ],
            options={
                'verbose_name': 'pratique inspirante',
                'verbose_name_plural': 'pratiques inspirantes',
                'ordering': ['-publication_date', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='RncpCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, verbose_name='code RNCP')),
                ('valid_from', models.DateField(verbose_name='valable à partir du')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name="valable jusqu'au")),
                ('diploma', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rncp_codes', to='resources.diploma', verbose_name='diplôme')),
            ],
            options={
                'verbose_name': 'fiche RNCP',
                'verbose_name_plural': 'fiches RNCP',
                'ordering': ['diploma', 'valid_from'],
            },
        ),
        migrations.CreateModel(
            name='TrainingModule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('objectives', models.TextField(verbose_name='objectifs pédagogiques')),
                ('duration', models.CharField(max_length=100, verbose_name='durée')),
                ('audience', models.CharField(max_length=255, verbose_name='public visé')),
                ('resource', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='training_module', to='resources.resource', verbose_name='ressource')),
            ],
            options={
                'verbose_name': 'module de formation',
                'verbose_name_plural': 'modules de formation',
            },
        ),
        migrations.CreateModel(
            name='ModuleChapter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='ordre')),
                ('title', models.CharField(max_length=255, verbose_name='titre')),
                ('body', models.TextField(verbose_name='contenu')),
                ('file', models.FileField(blank=True, upload_to=core.uploads.private_upload_path, verbose_name='support (facultatif)')),
                ('file_mime', models.CharField(blank=True, editable=False, max_length=100)),
                ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chapters', to='resources.trainingmodule')),
            ],
            options={
                'verbose_name': 'chapitre',
                'verbose_name_plural': 'chapitres',
                'ordering': ['module', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='TrainingSchool',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='nom')),
                ('slug', models.SlugField(max_length=255, unique=True, verbose_name="identifiant d'URL")),
                ('address', models.CharField(blank=True, max_length=255, verbose_name='adresse')),
                ('city', models.CharField(max_length=100, verbose_name='ville')),
                ('website', models.URLField(blank=True, verbose_name='site web')),
                ('departement', models.ForeignKey(limit_choices_to={'kind': 'departement'}, on_delete=django.db.models.deletion.PROTECT, related_name='training_schools', to='resources.territory', verbose_name='département')),
                ('diplomas', models.ManyToManyField(related_name='schools', to='resources.diploma', verbose_name='diplômes préparés')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='resources.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'établissement de formation',
                'verbose_name_plural': 'établissements de formation',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='CareerBridge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.TextField(verbose_name='ce qui est reconnu')),
                ('from_diploma', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bridges_out', to='resources.diploma', verbose_name='depuis')),
                ('to_diploma', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bridges_in', to='resources.diploma', verbose_name='vers')),
            ],
            options={
                'verbose_name': 'passerelle',
                'verbose_name_plural': 'passerelles',
                'ordering': ['from_diploma__level', 'from_diploma__abbreviation'],
                'constraints': [models.UniqueConstraint(fields=('from_diploma', 'to_diploma'), name='bridge_unique_pair')],
            },
        ),
        migrations.RunPython(grant_curators, migrations.RunPython.noop),
    ]
