"""The holiday table absences took over from coffee gets absences' own name; holidays get
their names in the UI languages and the public calendar they came from."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('absences', '0001_initial'),
        ('coffee', '0005_holiday_moves_out'),
    ]

    operations = [
        migrations.AlterModelTable(name='holiday', table=None),
        migrations.AddField(
            model_name='holiday',
            name='names',
            field=models.JSONField(blank=True, default=dict, verbose_name='translated names'),
        ),
        migrations.AddField(
            model_name='holiday',
            name='region',
            field=models.CharField(blank=True, max_length=16, verbose_name='public holiday calendar'),
        ),
        migrations.AddIndex(
            model_name='holiday',
            index=models.Index(fields=['organisation', 'date'], name='holiday_by_date'),
        ),
    ]
