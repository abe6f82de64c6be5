"""Where things live, and the fixed texts every view must carry."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
GEO_CONFIG_DIR = PROJECT_ROOT / "geo"
# Streamlit serves <app dir>/static at /app/static; the prepared geometry and vendored Leaflet live there,
# git-ignored, so the browser can cache them apart from the (small) per-rerun map messages.
STATIC_DIR = PROJECT_ROOT / "static"
CACHE_DIR = STATIC_DIR / "cache"
VENDOR_DIR = STATIC_DIR / "vendor"
STATIC_URL = "/app/static"

COUNCIL_BOUNDARIES_FILE = "ctyua16_ew_dec2016.geojson"
COUNCIL_FORCE_LOOKUP_FILE = "ctyua16_to_pfa16_lookup.csv"
BOUNDARY_FILES = (COUNCIL_BOUNDARIES_FILE, COUNCIL_FORCE_LOOKUP_FILE)

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2016"
)
# What a map shows at all times (the full statement is one tap away in its attribution control).
ATTRIBUTION_SHORT = "Source: ONS, OGL v3.0 · Contains OS data © Crown copyright 2016"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# The letter speaks of 42 inspections; the dataset identifies some of them.
INSPECTIONS_IN_LETTER = 42


def boundaries_dir() -> Path:
    """The ONS boundary directory: `BOUNDARIES_DIR` if set, else ../shared/geo-sources."""
    configured = os.environ.get("BOUNDARIES_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    return (PROJECT_ROOT.parent / "shared" / "geo-sources").resolve()
