import hallway.people.models
from django.db import migrations, models


class Migration(migrations.Migration):
    """The defaults become callables (the same times): only Django's model state changes.

    Django keeps `default=` out of the database, so there is nothing to run; done as an
    AlterField, SQLite would rebuild the whole table of people for nothing.
    """

    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="work_end",
                    field=models.TimeField(
                        default=hallway.people.models.default_work_end,
                        verbose_name="working hours end",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="work_start",
                    field=models.TimeField(
                        default=hallway.people.models.default_work_start,
                        verbose_name="working hours start",
                    ),
                ),
            ],
        ),
    ]
