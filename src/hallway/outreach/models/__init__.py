"""The outreach models: sequences, personal messages and tasks, candidates and freezes,
contractor care, content sharing, quiet-client proposals, settings."""

from hallway.outreach.models.campaigns import (
    Campaign,
    CampaignSend,
    CampaignStatus,
    Segment,
    SendKind,
)
from hallway.outreach.models.candidates import OPEN_STAGES, Candidacy, Freeze, Stage
from hallway.outreach.models.care import (
    CheckIn,
    CheckInKind,
    ClientRating,
    Placement,
    PlacementStatus,
)
from hallway.outreach.models.personal import (
    MessageStatus,
    OwnerTask,
    PersonalMessage,
    Source,
    TaskKind,
)
from hallway.outreach.models.quiet import ProposalStatus, QuietProposal
from hallway.outreach.models.sequences import (
    Condition,
    Enrollment,
    EnrollmentStatus,
    ExitReason,
    Goal,
    OnFalse,
    Sequence,
    SequenceStatus,
    Step,
    StepKind,
    Trigger,
)
from hallway.outreach.models.settings import OutreachSettings, SenderProfile

__all__ = [
    "OPEN_STAGES",
    "Campaign",
    "CampaignSend",
    "CampaignStatus",
    "Candidacy",
    "CheckIn",
    "CheckInKind",
    "ClientRating",
    "Condition",
    "Enrollment",
    "EnrollmentStatus",
    "ExitReason",
    "Freeze",
    "Goal",
    "MessageStatus",
    "OnFalse",
    "OutreachSettings",
    "OwnerTask",
    "PersonalMessage",
    "Placement",
    "PlacementStatus",
    "ProposalStatus",
    "QuietProposal",
    "Segment",
    "SendKind",
    "SenderProfile",
    "Sequence",
    "SequenceStatus",
    "Source",
    "Stage",
    "Step",
    "StepKind",
    "TaskKind",
    "Trigger",
]
