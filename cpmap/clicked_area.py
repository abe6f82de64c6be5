"""The area a map click picked: the GSS code in the feature st_folium returns."""

from __future__ import annotations

import re
from typing import Any

_GSS = re.compile(r"^[EW]\d{8}$")


def code_from_clicked_feature(returned: Any) -> str | None:
    """The GSS code of the feature in st_folium's `last_active_drawing`, or None.

    The feature comes from the browser, so anything that is not a well-formed code is ignored.
    """
    if not isinstance(returned, dict):
        return None
    feature = returned.get("last_active_drawing")
    if not isinstance(feature, dict):
        return None
    candidates = [feature.get("id")]
    properties = feature.get("properties")
    if isinstance(properties, dict):
        candidates.append(properties.get("code"))
    for candidate in candidates:
        if isinstance(candidate, str) and _GSS.match(candidate):
            return candidate
    return None
