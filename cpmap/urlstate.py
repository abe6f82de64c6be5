"""The view as a URL query string, and back: every filter, the layer and the selected area.

Parsing never fails: an unknown or malformed value is dropped with a notice that names the parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cpmap.dataset import Dataset
from cpmap.names import CouncilResolver
from cpmap.viewmodel import Filters, Layer, MatchMode
from cpmap.vocab import CONFIDENCE_LEVELS, JUDGEMENTS, LOWEST_CONFIDENCE, Window

PARAMS = ("type", "match", "force", "judgement", "protection", "confidence", "window", "layer", "area", "timeline")
# Streamlit's own parameters: read by Streamlit (and `embed` by components/embed.py), never a notice here.
STREAMLIT_PARAMS = ("embed", "embed_options")
# Parameters that take one value from a fixed list: name → (allowed values, the default, what it falls back to).
_CHOICES = {
    "match": ((MatchMode.ANY, MatchMode.ALL), MatchMode.ANY, "'any' is used"),
    "confidence": (CONFIDENCE_LEVELS, LOWEST_CONFIDENCE, "'low' is used"),
    "window": (
        (Window.LETTER, Window.FINANCIAL_YEAR, Window.ROUND, Window.LATEST),
        Window.LETTER,
        "the letter's 42 are shown",
    ),
    "timeline": (("open", "closed"), "closed", "the timeline is closed"),
    "layer": ((Layer.COUNCILS, Layer.FORCES, Layer.THEN_NOW), Layer.COUNCILS, "councils are shown"),
}
MAX_SHOWN = 40
MAX_VALUES = 30
MAX_VALUE_CHARS = 200


@dataclass(frozen=True)
class ViewState:
    filters: Filters = field(default_factory=Filters)
    layer: Layer = Layer.COUNCILS
    area: str | None = None
    timeline: bool = False  # the selected council's timeline of inspections is open


def shown(value: str) -> str:
    """A value as safe, short, printable text for a notice.

    >>> shown("a\x1bb")
    'a?b'
    """
    printable = re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", value)
    return printable if len(printable) <= MAX_SHOWN else printable[:MAX_SHOWN] + f"… ({len(value)} characters)"


def judgement_slug(judgement: str) -> str:
    """A judgement as the URL writes it.

    >>> judgement_slug("requires improvement"), judgement_slug("not given (framework changed April 2026)")
    ('requires-improvement', 'not-given')
    """
    return judgement.split(" (")[0].replace(" ", "-")


def _single(name: str, values: Sequence[str], notices: list[str]) -> str | None:
    if len(values) > 1:
        notices.append(f"URL parameter '{name}' was given {len(values)} times; the first value is used.")
    return values[0] if values else None


def parse_query(query: Mapping[str, Sequence[str]], dataset: Dataset) -> tuple[ViewState, list[str]]:
    """Read a view from query parameters (each a list of values, as in a URL). Returns notices for the page."""
    notices = [
        f"Unknown URL parameter '{shown(name)}' was ignored."
        for name in query
        if name not in PARAMS and name not in STREAMLIT_PARAMS
    ]
    judgements = {judgement_slug(j): j for j in JUDGEMENTS}
    # Parameters that take several values from a list: name → (value as written → value, what a value must be).
    lists = {
        "type": ({t: t for t in dataset.failure_types}, "a known failure type"),
        "force": ({f.code: f.code for f in dataset.gazetteer.english_forces}, "an English police force area code"),
        "judgement": (judgements, "an Ofsted judgement"),
        "protection": (judgements, "an Ofsted judgement"),
    }
    picked = {
        name: _pick(name, _values(query, name, notices), allowed, what, notices)
        for name, (allowed, what) in lists.items()
    }
    chosen = {name: _choice(name, _values(query, name, notices), notices) for name in _CHOICES}
    raw_area = _single("area", _values(query, "area", notices), notices)
    area = resolve_area(raw_area, dataset, notices) if raw_area is not None else None
    filters = Filters(
        failure_types=picked["type"],
        match=MatchMode(chosen["match"]),
        forces=picked["force"],
        judgements=picked["judgement"],
        protection=picked["protection"],
        min_confidence=chosen["confidence"],
        window=Window(chosen["window"]),
    )
    state = ViewState(filters=filters, layer=Layer(chosen["layer"]), area=area, timeline=chosen["timeline"] == "open")
    return state, notices


def _values(query: Mapping[str, Sequence[str]], name: str, notices: list[str]) -> list[str]:
    """The parameter's values, at most MAX_VALUES of them and none over MAX_VALUE_CHARS, with a notice for each cut."""
    raw = list(query.get(name, []))
    if len(raw) > MAX_VALUES:
        notices.append(f"URL parameter '{name}' had {len(raw)} values; only the first {MAX_VALUES} were read.")
        raw = raw[:MAX_VALUES]
    kept = []
    for value in raw:
        if len(value) > MAX_VALUE_CHARS:
            notices.append(f"URL parameter '{name}' value of {len(value)} characters was ignored.")
        else:
            kept.append(value)
    return kept


def _pick(name: str, values: list[str], allowed: Mapping[str, str], what: str, notices: list[str]) -> tuple[str, ...]:
    """The allowed values among `values` (in any case, once each, in order); a notice for each other one."""
    chosen: list[str] = []
    for value in values:
        key = value.strip()
        match = allowed.get(key) or allowed.get(key.upper()) or allowed.get(key.lower())
        if match is None:
            notices.append(f"URL parameter '{name}' value '{shown(value)}' is not {what}; it was ignored.")
        elif match not in chosen:
            chosen.append(match)
    return tuple(chosen)


def _choice(name: str, raw: list[str], notices: list[str]) -> str:
    """One value of a fixed list, or the parameter's default with a notice naming what was wrong."""
    allowed, default, fallback = _CHOICES[name]
    value = _single(name, raw, notices)
    if value is None:
        return str(default)
    if value.strip().lower() in allowed:
        return value.strip().lower()
    options = " or ".join(f"'{a}'" for a in allowed)
    notices.append(f"URL parameter '{name}' value '{shown(value)}' is not {options}; {fallback}.")
    return str(default)


def resolve_area(value: str, dataset: Dataset, notices: list[str]) -> str | None:
    """A council or force code (or a council name) to a code; a notice when it is none of those."""
    gaz = dataset.gazetteer
    code = value.strip().upper()
    if code in gaz.forces:
        if gaz.forces[code].in_england:
            return code
        notices.append(f"URL parameter 'area' value '{shown(value)}' is a Welsh force; Ofsted inspects England only.")
        return None
    is_code = re.match(r"^[EW]\d{8}$", code) is not None
    resolution = CouncilResolver(gaz).resolve(code=code if is_code else "", name="" if is_code else value)
    if resolution.ok:
        return resolution.code
    notices.append(f"URL parameter 'area' value '{shown(value)}' was ignored: {shown(resolution.reason)}.")
    return None


def to_query(state: ViewState) -> dict[str, list[str]]:
    """Query parameters for a view; defaults are left out so links stay short."""
    f = state.filters
    query: dict[str, list[str]] = {}
    if f.failure_types:
        query["type"] = list(f.failure_types)
    if f.match is not MatchMode.ANY:
        query["match"] = [f.match.value]
    if f.forces:
        query["force"] = list(f.forces)
    if f.judgements:
        query["judgement"] = [judgement_slug(j) for j in f.judgements]
    if f.protection:
        query["protection"] = [judgement_slug(j) for j in f.protection]
    if f.min_confidence != LOWEST_CONFIDENCE:
        query["confidence"] = [f.min_confidence]
    if f.window is not Window.LETTER:
        query["window"] = [f.window.value]
    if state.layer is not Layer.COUNCILS:
        query["layer"] = [state.layer.value]
    if state.area:
        query["area"] = [state.area]
    if state.timeline:
        query["timeline"] = ["open"]
    return query
