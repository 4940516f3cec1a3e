"""Absences becomes its own app: coffee's holidays move here with their data.

`Holiday` takes over coffee's table as it is (state only, below); 0002 gives the table
absences' own name and adds the translated names and the public calendar it came from.
Out-of-office ranges are new.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_invitation_last_sent_and_open_unique'),
        ('coffee', '0003_onboarding_moves_out'),
        ('people', '0003_location_subdivision'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Holiday',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='date')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('location', models.ForeignKey(blank=True, help_text='Empty: the whole organisation.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.location', verbose_name='location')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                    ],
                    options={
                        'db_table': 'coffee_holiday',
                        'verbose_name': 'holiday',
                        'verbose_name_plural': 'holidays',
                        'ordering': ['date', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('organisation', 'location', 'date'), name='unique_holiday')],
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name='OutOfOffice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_day', models.DateField(verbose_name='first day away')),
                ('last_day', models.DateField(verbose_name='last day away')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='out_of_office', to='people.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'out of office',
                'verbose_name_plural': 'out of office',
                'ordering': ['first_day', 'id'],
                'indexes': [models.Index(fields=['organisation', 'last_day'], name='out_of_office_by_end'), models.Index(fields=['person', 'first_day'], name='out_of_office_by_person')],
                'constraints': [models.CheckConstraint(condition=models.Q(('last_day__gte', models.F('first_day'))), name='out_of_office_in_order')],
            },
        ),
    ]
