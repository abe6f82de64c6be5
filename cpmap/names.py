"""Council names and codes as people write them, resolved to ONS December 2016 GSS codes.

Only exact matches (after folding case, punctuation and council-type words), explicit aliases and unique
prefixes resolve; anything else is an error with the closest candidates, because a wrong guess would put a
finding on the wrong area of the map.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cpmap.gazetteer import Gazetteer

# Codes that ONS retired before December 2016, mapped to the code in force then.
RETIRED_CODES = {
    "E08000020": "E08000037",  # Gateshead, recoded 2013
    "E06000048": "E06000057",  # Northumberland, recoded 2013
}

# Short forms and abbreviations in common use whose normalised text is not a prefix of the ONS name.
ALIASES = {
    "durham": "E06000047",
    "hull": "E06000010",
    "herefordshire": "E06000019",
    "bristol": "E06000023",
    "westminster": "E09000033",
    "london": "E09000001",
    "square mile": "E09000001",
    "bath": "E06000022",
    "banes": "E06000022",
    "b and nes": "E06000022",
    "bournemouth": "E06000028",
    "scilly": "E06000053",
    "telford": "E06000020",
    "brighton": "E06000043",
    "medway towns": "E06000035",
    "rbkc": "E09000020",
    "lbhf": "E09000013",
    "ne lincs": "E06000012",
    "n lincs": "E06000013",
}

# Words that say what kind of body a council is, not which one. Longer phrases first, so that
# "metropolitan borough of" goes as a whole rather than leaving "of" behind.
_NOISE_PHRASES = (
    "city and county of",
    "council of the",
    "council of",
    "corporation of",
    "metropolitan borough of",
    "metropolitan district of",
    "royal borough of",
    "london borough of",
    "borough of",
    "city of",
    "county of",
    "metropolitan borough council",
    "metropolitan district council",
    "metropolitan borough",
    "metropolitan district",
    "county borough council",
    "county council",
    "borough council",
    "city council",
    "district council",
    "unitary authority",
    "council",
    "corporation",
    "the",
    "mbc",
    "lbc",
    "lb",
    "rb",
    "cc",
    "bc",
    "mdc",
    "ua",
)
_NOISE = re.compile(r"\b(" + "|".join(re.escape(p) for p in _NOISE_PHRASES) + r")\b")
# Left over after the noise words: "Durham County", "Nottingham City", "City Hull".
_TRAILING_KIND = re.compile(r"^(?:county |city )?(.+?)(?: county| city)?$")
_CODE = re.compile(r"^[EWSN]\d{8}$")
MAX_CANDIDATES = 4
MAX_KEY_CHARS = 80
MAX_MEMO = 10_000


def _trigrams(text: str) -> frozenset[str]:
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def normalise(text: str) -> str:
    """Case, punctuation, '&' and council-type words folded away: 'Stockton-on-Tees Borough Council' → 'stockton on tees'."""
    lowered = text.lower().replace("&", " and ")
    lowered = re.sub(r"\bst\.", "st ", lowered)
    lowered = re.sub(r"\bsaint\b", "st", lowered)
    lowered = re.sub(r"[^a-z0-9 ]+", " ", lowered)
    lowered = re.sub(r"\s+", " ", lowered).strip()
    stripped = re.sub(r"\s+", " ", _NOISE.sub(" ", lowered)).strip()
    return stripped or lowered


@dataclass(frozen=True)
class Resolution:
    """The code a name or code resolved to, or why not and the nearest candidates."""

    code: str | None
    reason: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.code is not None


class CouncilResolver:
    """Resolves codes, retired codes, names and short forms of the 2016 English councils."""

    def __init__(self, gazetteer: Gazetteer):
        self._councils = {c.code: c for c in gazetteer.english_councils}
        self._by_name: dict[str, str] = {normalise(c.name): c.code for c in self._councils.values()}
        # Councils formed since 2016 over other areas are rows of their own (their later inspections).
        self._councils.update(gazetteer.later_councils)
        for c in gazetteer.later_councils.values():
            self._by_name.setdefault(normalise(c.name), c.code)
        self._recoded = gazetteer.recoded
        for alias, code in ALIASES.items():
            if code in self._councils:
                self._by_name.setdefault(normalise(alias), code)
        # Welsh areas are known only to say clearly why they are refused.
        self._welsh = {c.code: c for c in gazetteer.councils.values() if not c.in_england}
        self._welsh_by_name = {normalise(c.name): c.code for c in self._welsh.values()}
        self._grams = {name: _trigrams(name) for name in self._by_name}
        self._names_with_gram: dict[str, list[str]] = {}
        for name, grams in self._grams.items():
            for gram in grams:
                self._names_with_gram.setdefault(gram, []).append(name)
        self._memo: dict[str, Resolution] = {}

    def label(self, code: str) -> str:
        return f"{self._councils[code].name} ({code})"

    def resolve_code(self, text: str) -> Resolution:
        code = text.strip().upper()
        code = RETIRED_CODES.get(code, code)
        code = self._recoded.get(code, code)
        if code in self._councils:
            return Resolution(code)
        if code in self._welsh:
            return Resolution(None, f"{code} is {self._welsh[code].name}, in Wales; Ofsted inspects England only")
        if _CODE.match(code):
            if code.startswith("E07"):
                return Resolution(
                    None,
                    f"{code} is a district council code; children's services are run by the county council",
                )
            if not code.startswith("E"):
                return Resolution(None, f"{code} is not an English area; Ofsted inspects England only")
            return Resolution(None, f"{code} is not a December 2016 English council (county or unitary) code")
        return Resolution(None, f"{text.strip()[:40]!r} is not a GSS code")

    def _keys(self, text: str) -> list[str]:
        key = normalise(text)
        match = _TRAILING_KIND.match(key)
        bare = match.group(1) if match else key
        return list(dict.fromkeys([key, bare]))

    def _candidates(self, key: str) -> tuple[str, ...]:
        """Councils whose names contain the words of `key`, then those sharing most letter triples with it.

        Triples rather than difflib: an upload may hold thousands of unknown names, and this stays well under a
        millisecond each however long the text.
        """
        key = key[:MAX_KEY_CHARS]
        containing = [n for n in self._by_name if f" {key} " in f" {n} "]  # whole words: names are normalised
        grams = _trigrams(key)
        shared: Counter[str] = Counter(n for gram in grams for n in self._names_with_gram.get(gram, ()))
        scored = sorted(shared, key=lambda n: (-shared[n] / (len(grams) + len(self._grams[n]) - shared[n]), n))
        close = scored[:MAX_CANDIDATES] or sorted(self._by_name)[:3]
        codes = dict.fromkeys(self._by_name[n] for n in [*containing, *close])
        return tuple(self.label(code) for code in list(codes)[:MAX_CANDIDATES])

    def resolve_name(self, text: str) -> Resolution:
        """The code a council name resolves to, or why it does not (remembered: files repeat names)."""
        if text not in self._memo:
            if len(self._memo) >= MAX_MEMO:
                self._memo.clear()
            self._memo[text] = self._resolve_name(text)
        return self._memo[text]

    def _resolve_name(self, text: str) -> Resolution:
        keys = self._keys(text)
        shown = repr(text.strip()[:60])
        if not keys[0]:
            return Resolution(None, "is blank")
        for key in keys:
            if key in self._by_name:
                return Resolution(self._by_name[key])
        for key in keys:
            if key in self._welsh_by_name:
                code = self._welsh_by_name[key]
                return Resolution(
                    None, f"{shown} is {self._welsh[code].name} ({code}), in Wales; Ofsted inspects England only"
                )
        for key in keys:
            starts = sorted({code for name, code in self._by_name.items() if name.startswith(key + " ")})
            if len(starts) == 1:
                return Resolution(starts[0])
            if len(starts) > 1:
                labels = tuple(sorted(self.label(c) for c in starts))
                shown_labels = labels[:MAX_CANDIDATES] + (
                    (f"{len(labels) - MAX_CANDIDATES} more",) if len(labels) > MAX_CANDIDATES else ()
                )
                return Resolution(None, f"{shown} is ambiguous", shown_labels)
        return Resolution(None, f"{shown} is not a 2016 English council name", self._candidates(keys[0]))

    def resolve(self, code: str = "", name: str = "") -> Resolution:
        """A code wins over a name; when both are given they must agree."""
        if code.strip():
            by_code = self.resolve_code(code)
            if not by_code.ok or not name.strip():
                return by_code
            if normalise(name) == normalise(self._councils[by_code.code].name):
                return by_code  # its own name (Dorset Council, E06000059, beside the 2016 county of Dorset)
            by_name = self.resolve_name(name)
            shown = repr(name.strip()[:60])
            if by_name.ok and by_name.code != by_code.code:
                return Resolution(
                    None,
                    f"code {by_code.code} is {self._councils[by_code.code].name} but name {shown} is "
                    f"{self.label(by_name.code)}",
                )
            if not by_name.ok and self.label(by_code.code) not in by_name.candidates:
                # A name that names nothing beside a valid code suggests the row was mistyped: say so, don't guess.
                return Resolution(
                    None,
                    f"code {by_code.code} is {self._councils[by_code.code].name} but name {shown} is not that council",
                    (self.label(by_code.code),),
                )
            return by_code
        return self.resolve_name(name)
