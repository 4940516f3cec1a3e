from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "hallway.onboarding"
    verbose_name = _("Onboarding")

    def ready(self) -> None:
        from hallway.accounts.models import Role
        from hallway.accounts.tenancy import role_at_least
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.core.panels import Panel, panel_register
        from hallway.onboarding.panels import buddy_panel, home_panel, person_panel

        nav_register(
            NavEntry(
                "onboarding",
                _("New hires"),
                "onboarding:overview",
                order=20,
                sections=("onboarding:",),
                visible=role_at_least(Role.ORGANISER),
                # Under "More": client projects took its place in the one-row header.
                more=True,
            )
        )
        panel_register("home", Panel("onboarding", order=20, render=home_panel))
        panel_register("person", Panel("onboarding", order=20, render=person_panel))
        panel_register("my_coffee", Panel("onboarding", order=10, render=buddy_panel))
