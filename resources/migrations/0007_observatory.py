import django.db.models.deletion
import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import core.uploads

OBSERVATORY_MODELS = ["dataset", "datasetfile", "indicator", "datapoint"]


def grant_curators(apps, schema_editor):
    """Curators edit the observatory; the read-only group sees it (groups from 0004)."""
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="resources", content_type__model__in=OBSERVATORY_MODELS
    )
    for group in Group.objects.filter(name="Curateurs"):
        group.permissions.add(*perms)
    for group in Group.objects.filter(name="Lecture seule"):
        group.permissions.add(*perms.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [("resources", "0006_training")]

    operations = [
        migrations.CreateModel(
            name='Dataset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='titre')),
                ('slug', models.SlugField(help_text="L'adresse /observatoire/<identifiant>/ est citée ailleurs : évitez d'en changer.", max_length=255, unique=True, verbose_name="identifiant d'URL")),
                ('summary', models.TextField(max_length=1000, verbose_name='résumé')),
                ('methodology', models.TextField(blank=True, help_text='Sources, champ, mode de collecte, taux de réponse, limites. Texte simple.', verbose_name='méthodologie')),
                ('period_start', models.DateField(verbose_name='début de la période couverte')),
                ('period_end', models.DateField(verbose_name='fin de la période couverte')),
                ('licence', models.CharField(choices=[('etalab-2.0', 'Licence Ouverte / Etalab 2.0'), ('cc-by-4.0', 'CC BY 4.0'), ('cc-by-sa-4.0', 'CC BY-SA 4.0'), ('cc-by-nc-nd-4.0', 'CC BY-NC-ND 4.0'), ('all-rights-reserved', 'Tous droits réservés')], default='etalab-2.0', max_length=30, verbose_name='licence')),
                ('source_url', models.URLField(blank=True, max_length=500, verbose_name='page du producteur')),
                ('status', models.CharField(choices=[('draft', 'Brouillon'), ('review', 'En relecture'), ('published', 'Publiée'), ('archived', 'Archivée')], db_index=True, default='draft', max_length=20, verbose_name='statut éditorial')),
                ('publication_date', models.DateTimeField(default=django.utils.timezone.now, help_text='Une date future programme la publication.', verbose_name='date de publication')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('producers', models.ManyToManyField(help_text='Fédérations, laboratoires ou services qui ont produit les données.', related_name='datasets', to='resources.organisation', verbose_name='producteurs')),
                ('territories', models.ManyToManyField(blank=True, related_name='datasets', to='resources.territory', verbose_name='couverture géographique')),
                ('themes', models.ManyToManyField(blank=True, related_name='datasets', to='resources.theme', verbose_name='thématiques')),
            ],
            options={
                'verbose_name': 'jeu de données',
                'verbose_name_plural': 'jeux de données',
                'ordering': ['-publication_date', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DatasetFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(help_text='Par exemple « Données détaillées 2015–2025 »', max_length=255, verbose_name='intitulé')),
                ('file', models.FileField(max_length=255, upload_to=core.uploads.private_upload_path, verbose_name='fichier')),
                ('file_mime', models.CharField(blank=True, editable=False, max_length=100, verbose_name='format')),
                ('file_size', models.PositiveBigIntegerField(blank=True, editable=False, null=True, verbose_name='taille')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name="ordre d'affichage")),
                ('dataset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='resources.dataset', verbose_name='jeu de données')),
            ],
            options={
                'verbose_name': 'fichier de données',
                'verbose_name_plural': 'fichiers de données',
                'ordering': ['position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='nom')),
                ('unit', models.CharField(blank=True, help_text='Par exemple « personnes », « % », « postes » ; affichée avec les valeurs.', max_length=60, verbose_name='unité')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('kind', models.CharField(choices=[('time_series', 'Évolution dans le temps'), ('by_territory', 'Comparaison entre territoires')], default='time_series', max_length=20, verbose_name='nature')),
                ('chart_type', models.CharField(choices=[('line', 'Courbe'), ('bar', 'Barres verticales')], default='line', help_text='Les comparaisons entre territoires sont toujours en barres horizontales.', max_length=10, verbose_name="graphique d'une évolution")),
                ('frequency', models.CharField(choices=[('annual', 'Annuelle (2024)'), ('quarterly', 'Trimestrielle (2024-T1)'), ('monthly', 'Mensuelle (2024-03)'), ('daily', 'Quotidienne (2024-03-15)')], default='annual', max_length=10, verbose_name='périodicité')),
                ('decimals', models.PositiveSmallIntegerField(default=0, help_text='De 0 à 4.', verbose_name='décimales affichées')),
                ('source_note', models.CharField(blank=True, help_text='Par exemple « DREES, enquête École 2023 ; traitement INTS ».', max_length=500, verbose_name='source')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name="ordre d'affichage")),
                ('dataset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='resources.dataset', verbose_name='jeu de données')),
            ],
            options={
                'verbose_name': 'indicateur',
                'verbose_name_plural': 'indicateurs',
                'ordering': ['position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='DataPoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.DateField(blank=True, help_text='Pour une évolution : premier jour de la période (année, trimestre, mois).', null=True, verbose_name='période')),
                ('value', models.DecimalField(decimal_places=4, max_digits=18, verbose_name='valeur')),
                ('label', models.CharField(blank=True, help_text="Remplace la période ou le territoire à l'affichage (ex. « 2023-2024 »).", max_length=60, verbose_name='libellé')),
                ('territory', models.ForeignKey(blank=True, help_text='Pour une comparaison entre territoires.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='resources.territory', verbose_name='territoire')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='points', to='resources.indicator', verbose_name='indicateur')),
            ],
            options={
                'verbose_name': 'valeur',
                'verbose_name_plural': 'valeurs',
                'ordering': ['period', 'id'],
            },
        ),
        migrations.AddIndex(
            model_name='dataset',
            index=models.Index(fields=['status', '-publication_date'], name='resources_d_status_97b648_idx'),
        ),
        migrations.AddConstraint(
            model_name='dataset',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='dataset_period_in_order'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('decimals__lte', 4)), name='indicator_decimals_max_4'),
        ),
        migrations.AddConstraint(
            model_name='datapoint',
            constraint=models.CheckConstraint(condition=models.Q(('period__isnull', False), ('territory__isnull', False), _connector='OR'), name='datapoint_has_period_or_territory'),
        ),
        migrations.AddConstraint(
            model_name='datapoint',
            constraint=models.UniqueConstraint(condition=models.Q(('period__isnull', False)), fields=('indicator', 'period'), name='datapoint_unique_period', violation_error_message='Cette période a déjà une valeur.'),
        ),
        migrations.AddConstraint(
            model_name='datapoint',
            constraint=models.UniqueConstraint(condition=models.Q(('territory__isnull', False)), fields=('indicator', 'territory'), name='datapoint_unique_territory', violation_error_message='Ce territoire a déjà une valeur.'),
        ),
        migrations.RunPython(grant_curators, migrations.RunPython.noop),
    ]
