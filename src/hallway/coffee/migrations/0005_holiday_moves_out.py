"""Holidays moved to the absences app (see absences 0001): coffee forgets the model without
touching its table, which absences now owns (and renames in its 0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('coffee', '0004_intro_channels'),
        ('absences', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Holiday')],
        ),
    ]
