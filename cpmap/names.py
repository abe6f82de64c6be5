"""Council names and codes as people write them, resolved to ONS December 2016 GSS codes."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from cpmap.gazetteer import Gazetteer

# Codes that ONS retired before December 2016, mapped to the code in force then.
RETIRED_CODES = {
    "E08000020": "E08000037",  # Gateshead, recoded 2013
    "E06000048": "E06000057",  # Northumberland, recoded 2013
}

# Short forms in common use whose normalised text is not a prefix of the ONS name.
ALIASES = {
    "durham": "E06000047",
    "hull": "E06000010",
    "herefordshire": "E06000019",
    "bristol": "E06000023",
    "westminster": "E09000033",
    "london": "E09000001",
    "bath": "E06000022",
    "bournemouth": "E06000028",
    "scilly": "E06000053",
    "the isles of scilly": "E06000053",
    "telford": "E06000020",
    "brighton": "E06000043",
    "medway towns": "E06000035",
}

# Words that say what kind of body a council is, not which one.
_NOISE = re.compile(
    r"\b(the|council|county council|borough council|city council|metropolitan borough|metropolitan district"
    r"|royal borough of|london borough of|borough of|city of|county of|district|unitary authority|mbc|cc|ua)\b"
)
_CODE = re.compile(r"^[EW]\d{8}$")


def normalise(text: str) -> str:
    """Case, punctuation, '&' and council-type words folded away: 'Stockton-on-Tees Borough Council' → 'stockton on tees'."""
    lowered = text.lower().replace("&", " and ").replace("st.", "st ")
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
        for alias, code in ALIASES.items():
            self._by_name.setdefault(normalise(alias), code)

    def label(self, code: str) -> str:
        return f"{self._councils[code].name} ({code})"

    def resolve_code(self, text: str) -> Resolution:
        code = text.strip().upper()
        code = RETIRED_CODES.get(code, code)
        if code in self._councils:
            return Resolution(code)
        if _CODE.match(code):
            if code.startswith("W"):
                return Resolution(None, f"{code} is a Welsh area; Ofsted inspects England only")
            return Resolution(None, f"{code} is not a December 2016 English council (county or unitary) code")
        return Resolution(None, f"{text!r} is not a GSS code")

    def resolve_name(self, text: str) -> Resolution:
        key = normalise(text)
        if not key:
            return Resolution(None, "is blank")
        if key in self._by_name:
            return Resolution(self._by_name[key])
        starts = sorted({code for name, code in self._by_name.items() if name.startswith(key + " ")})
        if len(starts) == 1:
            return Resolution(starts[0])
        if len(starts) > 1:
            labels = tuple(sorted(self.label(c) for c in starts))[:6]
            return Resolution(None, f"{text!r} is ambiguous", labels)
        close = difflib.get_close_matches(key, list(self._by_name), n=4, cutoff=0.6)
        labels = tuple(dict.fromkeys(self.label(self._by_name[name]) for name in close))
        return Resolution(None, f"{text!r} is not a 2016 English council name", labels)

    def resolve(self, code: str = "", name: str = "") -> Resolution:
        """A code wins over a name; when both are given they must agree."""
        if code.strip():
            by_code = self.resolve_code(code)
            if not by_code.ok or not name.strip():
                return by_code
            by_name = self.resolve_name(name)
            if by_name.ok and by_name.code != by_code.code:
                return Resolution(
                    None,
                    f"code {by_code.code} is {self._councils[by_code.code].name} but name {name!r} is "
                    f"{self.label(by_name.code)}",
                )
            return by_code
        return self.resolve_name(name)
