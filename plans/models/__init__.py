from .audit import AuditEntry
from .commitment import Commitment, OutcomeMeasure
from .export import ExportJob
from .plan import EditConflict, Plan, PriorityPopulation, Status
from .signoff import Signature, Snapshot

__all__ = [
    "AuditEntry",
    "Commitment",
    "EditConflict",
    "ExportJob",
    "OutcomeMeasure",
    "Plan",
    "PriorityPopulation",
    "Signature",
    "Snapshot",
    "Status",
]
