import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_staff_groups")]

    operations = [
        migrations.CreateModel(
            name='Event',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='titre')),
                ('slug', models.SlugField(max_length=255, unique=True, verbose_name="identifiant d'URL")),
                ('summary', models.TextField(max_length=600, verbose_name='présentation courte')),
                ('description', models.TextField(blank=True, verbose_name='programme détaillé')),
                ('starts_at', models.DateTimeField(verbose_name='début')),
                ('ends_at', models.DateTimeField(verbose_name='fin')),
                ('is_online', models.BooleanField(default=False, verbose_name='en ligne')),
                ('online_url', models.URLField(blank=True, max_length=500, verbose_name='lien de connexion')),
                ('venue_name', models.CharField(blank=True, max_length=255, verbose_name='lieu')),
                ('address', models.CharField(blank=True, max_length=255, verbose_name='adresse')),
                ('postcode', models.CharField(blank=True, max_length=10, verbose_name='code postal')),
                ('city', models.CharField(blank=True, max_length=100, verbose_name='ville')),
                ('capacity', models.PositiveIntegerField(blank=True, null=True, verbose_name='nombre de places')),
                ('registration_url', models.URLField(blank=True, max_length=500, verbose_name="lien d'inscription")),
                ('registration_closed', models.BooleanField(default=False, verbose_name='inscriptions closes')),
                ('status', models.CharField(choices=[('draft', 'Brouillon'), ('review', 'En relecture'), ('published', 'Publiée'), ('archived', 'Archivée')], default='draft', max_length=20, verbose_name='statut éditorial')),
                ('publication_date', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date de publication')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('audiences', models.ManyToManyField(blank=True, related_name='events', to='resources.audience', verbose_name='publics')),
                ('departement', models.ForeignKey(blank=True, limit_choices_to={'kind': 'departement'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='departement_events', to='resources.territory', verbose_name='département')),
                ('organiser', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='events', to='resources.organisation', verbose_name='organisateur')),
                ('region', models.ForeignKey(blank=True, limit_choices_to={'kind': 'region'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='region_events', to='resources.territory', verbose_name='région')),
                ('themes', models.ManyToManyField(blank=True, related_name='events', to='resources.theme', verbose_name='thématiques')),
            ],
            options={
                'verbose_name': 'événement',
                'verbose_name_plural': 'événements',
                'ordering': ['starts_at', 'pk'],
                'indexes': [models.Index(fields=['status', 'ends_at'], name='resources_e_status_aac806_idx')],
            },
        ),
    ]
