from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_staff_groups")]
    operations = []
