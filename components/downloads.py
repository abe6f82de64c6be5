"""Downloads of the joined council and force layers, the same files as `cpmap export`, made only when clicked."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cpmap import settings
from cpmap.bundle import bundle_files, bundle_zip
from cpmap.dataset import Dataset
from cpmap.export import export_layer
from cpmap.layers import PreparedGeometry
from cpmap.release import release_line

FORMATS = {"csv": ("CSV", "text/csv"), "geojson": ("GeoJSON", "application/geo+json")}
LAYERS = {"councils": "Councils", "forces": "Police forces"}


def _payload(dataset: Dataset, geometry: PreparedGeometry, layer: str, fmt: str) -> Callable[[], bytes]:
    # Streamlit calls this on a separate thread only when the button is clicked, so reruns never build the files.
    return lambda: export_layer(dataset, geometry, layer, fmt)


def render_downloads(dataset: Dataset, geometry: PreparedGeometry) -> None:
    """Four download buttons: council and force layers as CSV and GeoJSON, one row or feature per area."""
    st.markdown("## Download the joined data")
    uploads = [d for d in dataset.sources if d != "bundled"]
    st.caption(
        "One row (CSV) or feature (GeoJSON, feature id = GSS code) per English area, with its force, status, "
        "judgement, failure types (semicolon-separated), number of findings and sources. All findings are counted, "
        "whatever the filters"
        + (f", including {len(uploads)} uploaded source(s)" if uploads else "")
        + ". The same files come from `cpmap export`."
    )
    st.download_button(
        f"The whole data release (zip): tables with their data package, layers, rule book · {release_line()}",
        lambda: bundle_zip(bundle_files(dataset, geometry, settings.data_dir())),
        file_name="cpmap-data.zip",
        mime="application/zip",
        key="download_release",
        on_click="ignore",
        help="The bundled tables as a Frictionless Data Package (datapackage.json), the joined GeoJSON layers, "
        "RULES.md, the data README and CITATION.cff: what `cpmap export --all` writes. Uploaded findings are not in "
        "it.",
    )
    columns = st.columns(len(LAYERS) * len(FORMATS))
    buttons = [(layer, fmt) for layer in LAYERS for fmt in FORMATS]
    for column, (layer, fmt) in zip(columns, buttons, strict=True):
        name, mime = FORMATS[fmt]
        column.download_button(
            f"{LAYERS[layer]} ({name})",
            _payload(dataset, geometry, layer, fmt),
            file_name=f"cpmap-{layer}.{fmt}",
            mime=mime,
            key=f"download_{layer}_{fmt}",
            on_click="ignore",
            width="stretch",
        )
