"""The view as a URL query string, and back: every filter, the layer and the selected area.

Parsing never fails: an unknown or malformed value is dropped with a notice that names the parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cpmap.dataset import CONFIDENCE_RANK, Dataset
from cpmap.names import CouncilResolver
from cpmap.validate import JUDGEMENTS
from cpmap.viewmodel import Filters, Layer, MatchMode

PARAMS = ("type", "match", "force", "judgement", "confidence", "layer", "area")
MAX_SHOWN = 40
MAX_VALUES = 30
MAX_VALUE_CHARS = 200


@dataclass(frozen=True)
class ViewState:
    filters: Filters = field(default_factory=Filters)
    layer: Layer = Layer.COUNCILS
    area: str | None = None


def shown(value: str) -> str:
    """A value as safe, short, printable text for a notice."""
    printable = re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", value)
    return printable if len(printable) <= MAX_SHOWN else printable[:MAX_SHOWN] + f"… ({len(value)} characters)"


def judgement_slug(judgement: str) -> str:
    return judgement.replace(" ", "-")


def _single(name: str, values: Sequence[str], notices: list[str]) -> str | None:
    if len(values) > 1:
        notices.append(f"URL parameter '{name}' was given {len(values)} times; the first value is used.")
    return values[0] if values else None


def parse_query(query: Mapping[str, Sequence[str]], dataset: Dataset) -> tuple[ViewState, list[str]]:
    """Read a view from query parameters (each a list of values, as in a URL). Returns notices for the page."""
    notices: list[str] = []
    for name in query:
        if name not in PARAMS:
            notices.append(f"Unknown URL parameter '{shown(name)}' was ignored.")

    def values(name: str) -> list[str]:
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

    def pick(name: str, allowed: Mapping[str, str], what: str) -> tuple[str, ...]:
        chosen: list[str] = []
        for value in values(name):
            key = value.strip()
            match = allowed.get(key) or allowed.get(key.upper()) or allowed.get(key.lower())
            if match is None:
                notices.append(f"URL parameter '{name}' value '{shown(value)}' is not {what}; it was ignored.")
            elif match not in chosen:
                chosen.append(match)
        return tuple(chosen)

    types = pick("type", {t: t for t in dataset.failure_types}, "a known failure type")
    forces = pick(
        "force", {f.code: f.code for f in dataset.gazetteer.english_forces}, "an English police force area code"
    )
    judgements = pick("judgement", {judgement_slug(j): j for j in JUDGEMENTS}, "an Ofsted judgement")

    match = MatchMode.ANY
    raw_match = _single("match", values("match"), notices)
    if raw_match is not None:
        if raw_match.strip().lower() in ("any", "all"):
            match = MatchMode(raw_match.strip().lower())
        else:
            notices.append(f"URL parameter 'match' value '{shown(raw_match)}' is not 'any' or 'all'; 'any' is used.")

    confidence = "low"
    raw_confidence = _single("confidence", values("confidence"), notices)
    if raw_confidence is not None:
        if raw_confidence.strip().lower() in CONFIDENCE_RANK:
            confidence = raw_confidence.strip().lower()
        else:
            notices.append(
                f"URL parameter 'confidence' value '{shown(raw_confidence)}' is not high, medium or low; 'low' is used."
            )

    layer = Layer.COUNCILS
    raw_layer = _single("layer", values("layer"), notices)
    if raw_layer is not None:
        if raw_layer.strip().lower() in (Layer.COUNCILS, Layer.FORCES):
            layer = Layer(raw_layer.strip().lower())
        else:
            notices.append(
                f"URL parameter 'layer' value '{shown(raw_layer)}' is not 'councils' or 'forces'; councils are shown."
            )

    area = None
    raw_area = _single("area", values("area"), notices)
    if raw_area is not None:
        area = resolve_area(raw_area, dataset, notices)

    filters = Filters(failure_types=types, match=match, forces=forces, judgements=judgements, min_confidence=confidence)
    return ViewState(filters=filters, layer=layer, area=area), notices


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
    if f.min_confidence != "low":
        query["confidence"] = [f.min_confidence]
    if state.layer is not Layer.COUNCILS:
        query["layer"] = [state.layer.value]
    if state.area:
        query["area"] = [state.area]
    return query
