"""Onboarding becomes its own app: its models move out of coffee with their data.

The four models take over coffee's tables as they are (state only, below), a track's
meetings move from two columns on coffee's pairing to `OnboardingMeeting`, and
0002 gives the tables onboarding's own names.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def copy_meetings(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO onboarding_onboardingmeeting (organisation_id, track_id, step_id, pairing_id) "
        "SELECT organisation_id, track_id, step_id, id FROM coffee_pairing "
        "WHERE track_id IS NOT NULL"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_invitation_last_sent_and_open_unique'),
        ('coffee', '0002_onboarding_track_unfilled'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='BuddyVolunteer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('capacity', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='new hires at a time')),
                    ('active', models.BooleanField(default=True, verbose_name='active')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                    ('person', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='buddy_volunteer', to='people.person')),
                ],
                options={
                    'db_table': 'coffee_buddyvolunteer',
                    'verbose_name': 'buddy volunteer',
                    'verbose_name_plural': 'buddy volunteers',
                },
            ),
            migrations.CreateModel(
                name='OnboardingTemplate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=120, verbose_name='name')),
                    ('active', models.BooleanField(default=True, verbose_name='active')),
                    ('plan_days_ahead', models.PositiveSmallIntegerField(default=14, verbose_name='plan this many days before the start date')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                ],
                options={
                    'db_table': 'coffee_onboardingtemplate',
                    'verbose_name': 'onboarding template',
                    'verbose_name_plural': 'onboarding templates',
                },
            ),
            migrations.CreateModel(
                name='OnboardingStep',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                    ('kind', models.CharField(choices=[('buddy', 'A buddy'), ('teammate', 'A teammate'), ('other_team', 'Someone from another team'), ('leader', 'A leader')], max_length=12, verbose_name='who')),
                    ('week', models.PositiveSmallIntegerField(default=1, help_text='Week after the start date: 1 is the first week.', verbose_name='week')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                    ('qualifying_tags', models.ManyToManyField(blank=True, related_name='+', to='people.tag', verbose_name='with these tags')),
                    ('qualifying_teams', models.ManyToManyField(blank=True, related_name='+', to='people.team', verbose_name='from these teams')),
                    ('template', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='onboarding.onboardingtemplate')),
                ],
                options={
                    'db_table': 'coffee_onboardingstep',
                    'verbose_name': 'onboarding step',
                    'verbose_name_plural': 'onboarding steps',
                    'ordering': ['template', 'order', 'week', 'id'],
                },
            ),
            migrations.CreateModel(
                name='OnboardingTrack',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('start_date', models.DateField(verbose_name='start date')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('completed_at', models.DateTimeField(blank=True, null=True)),
                    ('unfilled', models.JSONField(blank=True, default=list, verbose_name='unfilled steps')),
                    ('buddy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                    ('person', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='onboarding_track', to='people.person')),
                    ('template', models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='tracks', to='onboarding.onboardingtemplate')),
                ],
                options={
                    'db_table': 'coffee_onboardingtrack',
                    'verbose_name': 'onboarding track',
                    'verbose_name_plural': 'onboarding tracks',
                    'ordering': ['-start_date', 'id'],
                },
            ),
            ],
        ),
        migrations.CreateModel(
            name='OnboardingMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                ('pairing', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='onboarding_meeting', to='coffee.pairing')),
                ('step', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='onboarding.onboardingstep')),
                ('track', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='onboarding.onboardingtrack')),
            ],
            options={
                'verbose_name': 'onboarding meeting',
                'verbose_name_plural': 'onboarding meetings',
                'ordering': ['track', 'pairing__due_on', 'id'],
            },
        ),
        migrations.RunPython(copy_meetings, migrations.RunPython.noop),
    ]
