"""Load the Blueprint catalogue from its versioned data file into the database.

The same function serves the data migration (with historical models) and the
``load_blueprint`` command (with the current ones). Loading is idempotent: rows are
matched by slug, changed only where the file differs, and never deleted, so practices a
site admin added in Django admin survive a reload.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "blueprint.yaml"

STAGE_FIELDS = ("number", "name", "purpose")
PRINCIPLE_FIELDS = ("number", "name", "short_name", "idea", "source_url")
PRACTICE_TEXT_FIELDS = (
    "title",
    "summary",
    "why",
    "how_it_helps",
    "statistic",
    "statistic_source",
    "source_url",
)
PRACTICE_LIST_FIELDS = ("questions", "implementation", "outcome_measures")


@dataclass
class LoadReport:
    version: str
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0

    def lines(self):
        yield (
            f"Blueprint catalogue {self.version}: {len(self.created)} created, "
            f"{len(self.updated)} updated, {self.unchanged} unchanged."
        )
        for label in self.created:
            yield f"  created {label}"
        for label in self.updated:
            yield f"  updated {label}"


def read_catalogue(path=DATA_FILE):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


TRANSLATED = ("es",)  # languages besides English; an entry's "es:" mapping holds its text


def _with_translations(model, entry, values):
    """Add the per-language columns (name_en, name_es...) where the model has them: the
    catalogue is translated with django-modeltranslation since migration 0003."""
    names = {f.name for f in model._meta.get_fields()}
    for name in list(values):
        if f"{name}_en" not in names:
            continue
        values[f"{name}_en"] = values[name]
        for language in TRANSLATED:
            text = (entry.get(language) or {}).get(name)
            if isinstance(text, list):
                text = "\n".join(text)
            values[f"{name}_{language}"] = text or None  # None falls back to English
    return values


def _upsert(model, slug, values, report, label):
    """Create or update one row by slug; record what happened in the report."""
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        obj = model.objects.create(slug=slug, **values)
        report.created.append(label)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        # name_en mirrors name: report the field once
        shown = [n for n in changed if not (n.endswith("_en") and n[:-3] in changed)]
        report.updated.append(f"{label} ({', '.join(shown)})")
    else:
        report.unchanged += 1
    return obj


def load_catalogue(data, stage_model, principle_model, practice_model):
    """Write the catalogue ``data`` (as read from the file) through the given models."""
    report = LoadReport(version=str(data["version"]))
    stages = {}
    for entry in data["stages"]:
        values = _with_translations(
            stage_model, entry, {name: entry[name] for name in STAGE_FIELDS})
        stages[entry["slug"]] = _upsert(
            stage_model, entry["slug"], values, report, f"stage {entry['slug']}"
        )
    for entry in data["principles"]:
        values = _with_translations(
            principle_model, entry, {name: entry.get(name, "") for name in PRINCIPLE_FIELDS})
        principle = _upsert(
            principle_model, entry["slug"], values, report, f"principle {entry['slug']}"
        )
        for item in entry.get("practices", []):
            values = {name: item.get(name) or "" for name in PRACTICE_TEXT_FIELDS}
            values.update({name: "\n".join(item.get(name) or []) for name in PRACTICE_LIST_FIELDS})
            values = _with_translations(practice_model, item, values)
            values["principle"] = principle
            values["stage"] = stages[item["stage"]]
            _upsert(practice_model, item["slug"], values, report, f"practice {item['slug']}")
    return report


def load_blueprint(path=DATA_FILE):
    """Load the data file into the current models; returns a LoadReport."""
    from .models import Practice, Principle, Stage

    return load_catalogue(read_catalogue(path), Stage, Principle, Practice)
