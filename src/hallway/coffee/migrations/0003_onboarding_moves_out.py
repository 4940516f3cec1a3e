"""Onboarding's models moved to their own app (see onboarding 0001): the pairing loses its
track and step columns (copied to onboarding's meetings first), and coffee forgets the four
models without touching their tables, which onboarding now owns."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('coffee', '0002_onboarding_track_unfilled'),
        ('onboarding', '0001_initial'),
    ]

    operations = [
        migrations.RemoveField(model_name='pairing', name='step'),
        migrations.RemoveField(model_name='pairing', name='track'),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='OnboardingTrack'),
                migrations.DeleteModel(name='OnboardingStep'),
                migrations.DeleteModel(name='BuddyVolunteer'),
                migrations.DeleteModel(name='OnboardingTemplate'),
            ],
        ),
    ]
