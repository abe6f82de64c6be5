"""The styling and tooltip data the browser needs for one view: small, JSON-ready, free of geometry.

Geometry is a static file the browser fetches once; each rerun only sends these lookups, keyed by GSS code.
"""

from __future__ import annotations

import json
from typing import Any

from cpmap.viewmodel import NOT_INSPECTED, STATUS_LABELS, Layer, Status, ThenNow, View, then_now_labels
from cpmap.vocab import Window

# Told apart with colour-blind sight: checked with a simulation of protanopia, deuteranopia and tritanopia
# (Machado et al. 2009) by tests/test_palette.py. Within each legend, every two entries differ by at least 10
# CIEDE2000 in every simulation (9 as painted on the map, at 0.85 opacity), and the steps of a ramp by at least
# 7, lighter to darker in every simulation. A single-hue sequential ramp for "how many failure types"
# (ColorBrewer OrRd, its two palest steps moved apart: deuteranopia had brought them within 7); a strong yellow
# for minor-only, apart from the ramp's palest step by more than lightness, which is all a red-green
# colour-blind reader has to tell orange from yellow.
WEAKNESS_RAMP = ("#fec79b", "#fb8a4f", "#e34a33", "#b30000")
STATUS_COLOURS = {
    Status.MINOR: "#ffe945",
    Status.NAMED: "#8073ac",
    Status.INSPECTED: "#92c5de",
    Status.FILTERED_OUT: "#cccccc",
    Status.NOT_IDENTIFIED: "#ffffff",
    Status.OUT_OF_SCOPE: "#999999",
}
FORCE_RAMP = ("#ffffff", "#fec79b", "#fb8a4f", "#e34a33")
STATUS_ORDER = list(Status)
# Then and now: reds for a weakness found at the next inspection, blues for an improvement, dark purple where the
# next report is silent (which is not a fix), pale green for nothing then and nothing now, greys where there is
# nothing to compare.
THEN_NOW_COLOURS = {
    ThenNow.PERSISTED: "#b2182b",
    ThenNow.NEW: "#f4a582",
    ThenNow.IMPROVED_NAMED: "#2166ac",
    ThenNow.IMPROVED_INFERRED: "#92c5de",
    ThenNow.SILENT: "#542788",
    ThenNow.NONE: "#c7e9c0",
    ThenNow.UNKNOWN: "#cccccc",
    ThenNow.NOT_IN_42: "#ffffff",
}
THEN_NOW_ORDER = list(ThenNow)
LOW_CONFIDENCE_LEGEND = "Dashed outline: low-confidence evidence only"
FORCE_FILTERED_OUT = "Outside the force filter"


def weakness_colour(n_types: int) -> str:
    """The substantive-weakness fill for a council with `n_types` failure types (4 and more share the darkest).

    >>> weakness_colour(1), weakness_colour(4) == weakness_colour(9)
    ('#fec79b', True)
    """
    return WEAKNESS_RAMP[min(max(n_types, 1), len(WEAKNESS_RAMP)) - 1]


def force_colour(n_matching: int) -> str:
    """A force's fill for how many of its councils match (3 and more share the darkest).

    >>> force_colour(0), force_colour(3) == force_colour(7)
    ('#ffffff', True)
    """
    return FORCE_RAMP[min(n_matching, len(FORCE_RAMP) - 1)]


def legend_entries(layer: Layer, window: Window = Window.LETTER) -> list[tuple[str, str]]:
    """(colour, label) pairs in the order the legend shows them (then-and-now's words depend on the window)."""
    if layer is Layer.THEN_NOW:
        labels = then_now_labels(window)
        return [(THEN_NOW_COLOURS[t], labels[t]) for t in THEN_NOW_ORDER] + [
            (STATUS_COLOURS[Status.OUT_OF_SCOPE], "Wales: out of scope")
        ]
    if layer is Layer.FORCES:
        return [
            (FORCE_RAMP[3], "3 or more councils matching"),
            (FORCE_RAMP[2], "2 councils matching"),
            (FORCE_RAMP[1], "1 council matching"),
            (STATUS_COLOURS[Status.NAMED], "Force named, no council detail recovered"),
            (FORCE_RAMP[0], "No matching council"),
            (STATUS_COLOURS[Status.FILTERED_OUT], FORCE_FILTERED_OUT),
            (STATUS_COLOURS[Status.OUT_OF_SCOPE], "Wales: out of scope"),
        ]
    entries = [
        (
            WEAKNESS_RAMP[i],
            f"Substantive police weakness: {i + 1}{'+' if i == 3 else ''} failure type{'s' if i else ''}",
        )
        for i in reversed(range(4))
    ]
    entries += [(STATUS_COLOURS[s], STATUS_LABELS[s]) for s in STATUS_ORDER[1:]]
    return entries


def _plain_entry(order: list[Any], colours: dict[Any, str], labels: dict[Any, str], state: Any) -> list[Any]:
    """[legend index, colour, tooltip detail, low-confidence flag] of a state that says nothing more than its label."""
    return [order.index(state), colours[state], labels[state], 0]


def _judgement_text(judgement: str) -> str:
    return "" if judgement == NOT_INSPECTED else f"Ofsted 2015/16: {judgement}"


def council_spec(view: View) -> dict[str, Any]:
    """Per-council [status index, colour, tooltip detail, low-confidence flag], only where not default."""
    info: dict[str, list[Any]] = {}
    # itertuples, not iterrows: this runs on every rerun, and building a Series per row costs ~50 ms here.
    for row in view.councils.itertuples():
        status = Status(row.status)
        if status is Status.NOT_IDENTIFIED:
            continue
        colour = weakness_colour(row.n_types) if status is Status.WEAKNESS else STATUS_COLOURS[status]
        parts = [_judgement_text(row.judgement)]
        if status in (Status.WEAKNESS, Status.MINOR):
            parts.append(f"{row.n_findings} police weakness{'es' if row.n_findings != 1 else ''} matching")
            if status is Status.MINOR:
                parts.append("minor only")
        elif status is not Status.OUT_OF_SCOPE:
            parts.append(STATUS_LABELS[status])
        if row.low_confidence:
            parts.append("low-confidence evidence only")
        info[str(row.Index)] = [
            STATUS_ORDER.index(status),
            colour,
            " · ".join(p for p in parts if p),
            int(bool(row.low_confidence)),
        ]
    return {"info": info, "default": _plain_entry(STATUS_ORDER, STATUS_COLOURS, STATUS_LABELS, Status.NOT_IDENTIFIED)}


def then_now_spec(view: View) -> dict[str, Any]:
    """Per-council [then-and-now index, colour, tooltip detail, 0], shaped like `council_spec` for the browser."""
    info: dict[str, list[Any]] = {}
    labels = then_now_labels(view.filters.window)
    for row in view.councils.itertuples():
        if not str(row.Index).startswith("E"):
            info[str(row.Index)] = [len(THEN_NOW_ORDER), STATUS_COLOURS[Status.OUT_OF_SCOPE], "Wales: out of scope", 0]
            continue
        then_now = ThenNow(row.then_now)
        if then_now is ThenNow.NOT_IN_42:
            continue
        info[str(row.Index)] = [
            THEN_NOW_ORDER.index(then_now),
            THEN_NOW_COLOURS[then_now],
            " · ".join(p for p in (_judgement_text(row.judgement), labels[then_now]) if p),
            0,
        ]
    return {"info": info, "default": _plain_entry(THEN_NOW_ORDER, THEN_NOW_COLOURS, labels, ThenNow.NOT_IN_42)}


def force_spec(view: View) -> dict[str, Any]:
    info: dict[str, list[Any]] = {}
    for row in view.forces.itertuples():
        code = row.Index
        if not row.in_england:
            info[str(code)] = [
                STATUS_COLOURS[Status.OUT_OF_SCOPE],
                "Wales: out of scope (Ofsted inspects England only)",
                0,
            ]
            continue
        n = int(row.n_councils_matching)
        if not row.in_scope:
            colour, detail = STATUS_COLOURS[Status.FILTERED_OUT], FORCE_FILTERED_OUT
        elif n == 0 and row.n_force_findings:
            colour, detail = STATUS_COLOURS[Status.NAMED], "Named in the letter; no council-level detail recovered"
        else:
            colour = force_colour(n)
            detail = f"{n} of {row.n_councils} councils matching · {row.n_councils_inspected} inspected 2015/16"
        info[str(code)] = [colour, detail, 0]
    return {"info": info, "default": ["#ffffff", "", 0]}


def grouped_info(info: dict[str, list[Any]]) -> list[list[Any]]:
    """The lookup as [entry, "code code ..."] pairs, one per distinct entry, in a stable order.

    Many areas share an entry (all of Wales, say), so this is a fraction of the per-code form's size; a
    rerun re-sends it, so it matters. GSS codes hold no spaces.
    """
    groups: dict[str, tuple[list[Any], list[str]]] = {}
    for code in sorted(info):
        key = json.dumps(info[code], sort_keys=True)
        groups.setdefault(key, (info[code], []))[1].append(code)
    return [[entry, " ".join(codes)] for entry, codes in groups.values()]


TEXT_SEPARATOR = " · "


def interned_texts(groups: list[list[Any]], field: int) -> tuple[list[list[Any]], list[str]]:
    """Replace each entry's text at `field` by indices of its " · "-separated parts in a shared list.

    Tooltip texts repeat the same parts ("Ofsted 2015/16: good", "1 police weakness matching", ...) across
    entries; sending each part once keeps the per-rerun message small. The browser joins them back.
    """
    parts: dict[str, int] = {}
    out = []
    for entry, codes in groups:
        text = entry[field]
        indices = [parts.setdefault(part, len(parts)) for part in text.split(TEXT_SEPARATOR)] if text else []
        out.append([[*entry[:field], indices, *entry[field + 1 :]], codes])
    return out, list(parts)


def map_colour_names(view: View, layer: Layer) -> dict[str, str]:
    """Each area's colour on the map under `layer`, named as the legend names it, keyed by GSS code.

    The force layer colours forces; the others colour councils. The name comes from the colour the map is given
    (the same specs), so the table and the legend cannot name a colour differently from what is drawn.
    """
    names = {colour: label for colour, label in legend_entries(layer, view.filters.window)}
    if layer is Layer.FORCES:
        spec, field, codes = force_spec(view), 0, view.forces.index
    else:
        spec = then_now_spec(view) if layer is Layer.THEN_NOW else council_spec(view)
        field, codes = 1, view.councils.index
    return {str(code): names[spec["info"].get(str(code), spec["default"])[field]] for code in codes}
