"""The tables onboarding took over from coffee get onboarding's own names."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('onboarding', '0001_initial'),
        ('coffee', '0003_onboarding_moves_out'),
    ]

    operations = [
        migrations.AlterModelTable(name='onboardingtemplate', table=None),
        migrations.AlterModelTable(name='onboardingstep', table=None),
        migrations.AlterModelTable(name='buddyvolunteer', table=None),
        migrations.AlterModelTable(name='onboardingtrack', table=None),
    ]
