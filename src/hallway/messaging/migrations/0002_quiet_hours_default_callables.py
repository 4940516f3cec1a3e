import hallway.messaging.models
from django.db import migrations, models


class Migration(migrations.Migration):
    """The defaults become callables (the same times): only Django's model state changes.

    Django keeps `default=` out of the database, so there is nothing to run; done as an
    AlterField, SQLite would rebuild the table for nothing.
    """

    dependencies = [
        ("messaging", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="messagingsettings",
                    name="quiet_end",
                    field=models.TimeField(
                        blank=True,
                        default=hallway.messaging.models.default_quiet_end,
                        null=True,
                        verbose_name="quiet hours end",
                    ),
                ),
                migrations.AlterField(
                    model_name="messagingsettings",
                    name="quiet_start",
                    field=models.TimeField(
                        blank=True,
                        default=hallway.messaging.models.default_quiet_start,
                        null=True,
                        verbose_name="quiet hours start",
                    ),
                ),
            ],
        ),
    ]
