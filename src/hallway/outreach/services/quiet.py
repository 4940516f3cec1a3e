"""(being built)"""

import datetime

from hallway.accounts.models import Organisation


def quiet_run_due(*, organisation: Organisation, now: datetime.datetime) -> int:
    """What is due of this part; returns how many things it did."""
    return 0
