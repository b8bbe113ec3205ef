from .audit import AuditEntry
from .commitment import Commitment, OutcomeMeasure
from .plan import EditConflict, Plan, PriorityPopulation, Status
from .signoff import Signature, Snapshot

__all__ = [
    "AuditEntry",
    "Commitment",
    "EditConflict",
    "OutcomeMeasure",
    "Plan",
    "PriorityPopulation",
    "Signature",
    "Snapshot",
    "Status",
]
