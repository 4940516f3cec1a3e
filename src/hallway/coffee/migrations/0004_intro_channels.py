"""A program's intros go through a list of the organisation's channels instead of two
switches: "email" becomes the organisation's email channel, "Slack" its Slack channel."""

from django.db import migrations, models

EMAIL_NAMES = {"de": "E-Mail", "nl": "E-mail"}


def switches_to_channels(apps, schema_editor):
    Program = apps.get_model("coffee", "Program")
    Channel = apps.get_model("messaging", "Channel")
    for program in Program.objects.select_related("organisation"):
        chosen = []
        if program.send_email or not program.send_slack:
            email = Channel.objects.filter(
                organisation_id=program.organisation_id, kind="email", secrets_encrypted=""
            ).first()
            if email is None:
                email = Channel.objects.create(
                    organisation_id=program.organisation_id,
                    kind="email",
                    name=EMAIL_NAMES.get(program.organisation.language, "Email"),
                )
            chosen.append(email)
        if program.send_slack:
            slack = Channel.objects.filter(
                organisation_id=program.organisation_id, kind="slack"
            ).first()
            if slack is not None:
                chosen.append(slack)
        program.channels.set(chosen)


class Migration(migrations.Migration):

    dependencies = [
        ('coffee', '0003_onboarding_moves_out'),
        ('messaging', '0003_channels_as_plugins'),
    ]

    operations = [
        migrations.AddField(
            model_name='program',
            name='channels',
            field=models.ManyToManyField(blank=True, related_name='+', to='messaging.channel', verbose_name='channels'),
        ),
        migrations.RunPython(switches_to_channels, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='program',
            name='send_email',
        ),
        migrations.RemoveField(
            model_name='program',
            name='send_slack',
        ),
    ]
