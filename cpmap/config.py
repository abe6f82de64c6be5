"""Where things live, and the fixed texts every view must carry. What the environment may change is in
cpmap.settings."""

from __future__ import annotations

from pathlib import Path

# The committed map layers, relative to the project root.
LAYERS_SUBDIR = Path("geo") / "2016"


def _project_root() -> Path:
    """The folder holding data/ and geo/: the one above this package in a clone or an editable install.

    A plain `pip install .` puts the package in site-packages, away from data/ and geo/; its `cpmap` command then
    works from the clone's folder (the current one). `streamlit run app.py` imports the clone's own package.
    """
    beside = Path(__file__).resolve().parent.parent
    for candidate in (beside, Path.cwd()):
        if (candidate / LAYERS_SUBDIR).is_dir() and (candidate / "data").is_dir():
            return candidate.resolve()
    return beside


PROJECT_ROOT = _project_root()
DATA_DIR = PROJECT_ROOT / "data"
GEO_CONFIG_DIR = PROJECT_ROOT / "geo"
# The map layers the dashboard draws, made by `cpmap prepare` from the ONS files and committed (see geo/README.md).
LAYERS_DIR = PROJECT_ROOT / LAYERS_SUBDIR
# Streamlit serves <app dir>/static at <base path>/app/static. The layers are copied there at start-up and Leaflet
# is vendored there by `make run`, both git-ignored, so the browser caches them apart from the per-rerun messages.
STATIC_DIR = PROJECT_ROOT / "static"
CACHE_DIR = STATIC_DIR / "cache"
VENDOR_DIR = STATIC_DIR / "vendor"
STATIC_PATH = "app/static"

# The committed layers (written by `cpmap prepare`).
COUNCILS_LAYER = "councils.json"
FORCES_LAYER = "forces.json"
# Derived when the layers are published (cpmap.borders): each layer's borders once, for the outline drawn over the other.
COUNCIL_BORDERS = "council-borders.json"
FORCE_BORDERS = "force-borders.json"
LOOKUP_LAYER = "council_force_lookup.csv"
# England, Isles of Scilly to Berwick ([[south, west], [north, east]]): the view every map opens on.
ENGLAND_BOUNDS = [[49.86, -6.42], [55.82, 1.77]]
LAYER_FILES = (COUNCILS_LAYER, FORCES_LAYER, LOOKUP_LAYER)

# The ONS originals `cpmap prepare` reads (never committed), and where they are looked for without BOUNDARIES_DIR
# (cpmap.settings): this folder relative to the project root.
BOUNDARIES_BESIDE = Path("..") / "shared" / "geo-sources"
# The reports' text (pdftotext -layout, with index.csv), read in place by `cpmap check-reports` and its test.
REPORT_TEXTS_BESIDE = Path("..") / "shared" / "reports"
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


def static_url(base_path: str = "") -> str:
    """Where Streamlit serves static/, under the server's `server.baseUrlPath` (e.g. "cpmap" -> /cpmap/app/static)."""
    base = base_path.strip("/")
    return f"/{base}/{STATIC_PATH}" if base else f"/{STATIC_PATH}"
