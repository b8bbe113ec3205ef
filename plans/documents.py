"""Documents that other apps publish beside a signed plan (the progress app's reports), made
by the plan's own PDF export job and checked on its verify page.

plans never imports those apps (STYLE.md): each registers here, when Django starts (its
AppConfig.ready), how its documents render and are named, how the verify page recognises
one, and what the portal links to beside each blueprint. Without them the export job knows
only blueprints and previews, and the portal and verify page only blueprints.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """A kind of document rendered by an export job (ExportJob.kind) from the job's content."""

    kind: str
    render: Callable  # (job, content) -> the HTML to print
    filename: Callable  # (job) -> the downloaded file's name


@dataclass
class Verified:
    """A document recognised by the verify page, shown with its own template."""

    template: str
    context: dict = field(default_factory=dict)


_documents = {}
_verifiers = []
_portal_readers = []


def register(document=None, *, verify=None, portal=None):
    """``verify(sha256=..., digest=...)`` answers a Verified or None; ``portal(plans)``
    answers {plan id: [(words, address)]} in a fixed number of queries."""
    if document is not None:
        _documents[document.kind] = document
    if verify is not None and verify not in _verifiers:
        _verifiers.append(verify)
    if portal is not None and portal not in _portal_readers:
        _portal_readers.append(portal)


def document(kind):
    """The registered document of this export kind, or None (a blueprint or a preview)."""
    return _documents.get(kind)


def verify(*, sha256=None, digest=None):
    """What another app published with this PDF's SHA-256 or this digest, if anything."""
    for verifier in _verifiers:
        found = verifier(sha256=sha256, digest=digest)
        if found is not None:
            return found
    return None


def portal_links(plans):
    """{plan id: [(words, address)]} of the documents published beside these blueprints."""
    links = {plan.pk: [] for plan in plans}
    for reader in _portal_readers:
        for plan_id, found in reader(plans).items():
            links.setdefault(plan_id, []).extend(found)
    return links
