"""A view in words, for a picture that leaves the page: what the filters keep, and how old the data is."""

from __future__ import annotations

from collections.abc import Iterable

from cpmap.dataset import BUNDLED, Dataset
from cpmap.viewmodel import LAYER_LABELS, Filters, Layer, MatchMode, latest_inspection_ids, windows_shown
from cpmap.vocab import LOWEST_CONFIDENCE, WINDOW_LABELS, Window

CONFIDENCE_WORDS = {"medium": "medium and high confidence only", "high": "high confidence only"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BOUNDARIES_DATE = "ONS boundaries of December 2016"


def _joined(words: Iterable[str], conjunction: str = "or") -> str:
    items = list(words)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def filters_in_words(filters: Filters, dataset: Dataset) -> list[str]:
    """One line per filter that narrows the view, in the sidebar's words; the inspection window always."""
    lines = [f"Inspections: {WINDOW_LABELS[filters.window]}"]
    types = dataset.failure_types
    if filters.failure_types:
        labels = [types[t].label if t in types else t for t in filters.failure_types]
        both = filters.match is MatchMode.ALL and len(labels) > 1
        lines.append(f"Failure types ({'all of' if both else 'any of'}): {_joined(labels, 'and' if both else 'or')}")
    if filters.forces:
        forces = dataset.gazetteer.forces
        lines.append(f"Police force: {_joined(forces[f].name if f in forces else f for f in filters.forces)}")
    if filters.judgements:
        lines.append(f"Ofsted overall judgement: {_joined(filters.judgements)}")
    if filters.protection:
        lines.append(f"Help and protection judgement: {_joined(filters.protection)}")
    if filters.min_confidence != LOWEST_CONFIDENCE:
        lines.append(f"Evidence: {CONFIDENCE_WORDS.get(filters.min_confidence, filters.min_confidence)}")
    if filters.sources:
        lines.append(f"Sources of findings: {_joined(filters.sources)}")
    if len(lines) == 1:
        lines.append("No other filter: every police weakness found")
    return lines


def month_text(date: str) -> str:
    """'2016-05-24' or '2016-05' as 'May 2016'; a bare year as itself."""
    year, _, rest = date.partition("-")
    month = rest[:2]
    return f"{MONTHS[int(month) - 1]} {year}" if month.isdigit() and 1 <= int(month) <= 12 else year


def _span(dates: Iterable[str]) -> str | None:
    known = sorted(d for d in dates if d)
    if not known:
        return None
    first, last = month_text(known[0]), month_text(known[-1])
    return first if first == last else f"{first} to {last}"


def data_dates(dataset: Dataset, filters: Filters, layer: Layer) -> str:
    """When the data shown was published: the inspection reports (and next reports on the then-and-now layer)."""
    inspections = dataset.inspections
    shown = inspections[inspections["window"].isin(windows_shown(filters.window))]
    if filters.window is Window.LATEST:
        shown = inspections.loc[sorted(latest_inspection_ids(dataset))]
    parts = []
    span = _span(shown["published"])
    if span:
        latest = "each council's latest: " if filters.window is Window.LATEST else ""
        parts.append(f"{latest}{len(shown)} inspection reports published {span}")
    if layer is Layer.THEN_NOW and filters.window is not Window.LATEST:
        span = _span(dataset.next_inspections["published"])
        if span:
            parts.append(f"their next reports published {span}")
    uploads = [s for s in dataset.sources if s != BUNDLED]
    if uploads:
        parts.append(f"with findings uploaded as {_joined(uploads, 'and')}")
    parts.append(BOUNDARIES_DATE)
    return "Data: " + "; ".join(parts)


def layer_in_words(layer: Layer, window: Window = Window.LETTER) -> str:
    if layer is Layer.THEN_NOW and window is Window.LATEST:
        return f"{LAYER_LABELS[layer]}: what each council's latest inspection said about its earlier police weakness"
    if layer is Layer.THEN_NOW:
        return f"{LAYER_LABELS[layer]}: what each council's next full inspection said about its police weakness"
    if layer is Layer.FORCES:
        return f"{LAYER_LABELS[layer]}, filled by how many of their councils match the filters"
    return f"{LAYER_LABELS[layer]}, filled by the police weaknesses found under the filters"
