"""A data release as one folder or zip: the tables with their data package, the joined GeoJSON layers, the rule
book, the data README and the citation. `cpmap export --all --out DIR` writes it; the page offers it as a zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cpmap import config, settings
from cpmap.datapackage import PACKAGE_FILE, package_descriptor, package_json
from cpmap.dataset import Dataset
from cpmap.export import export_layer
from cpmap.layers import PreparedGeometry
from cpmap.release import release_line
from cpmap.successors import SUCCESSORS_FILE
from cpmap.validate import LOAD_ORDER, TABLES

LOOKUP_NAME = "councils.csv"  # the committed council → force lookup, under the name the bundle gives it
SUCCESSORS_NAME = "successors.csv"  # councils formed since 2016 (geo/successors.csv)

BUNDLE_README = """# cpmap data release

{release}. What Ofsted's inspections of council children's services said about the police, as tables
(a Frictionless Data Package: `datapackage.json`), the council and police force areas joined to them (GeoJSON),
the rule book that decides how a report's passage becomes a row (`RULES.md`) and the tables' documentation
(`DATA-README.md`). How to cite it: `CITATION.cff`.

Load the tables in Python:

    import pandas as pd
    findings = pd.read_csv("findings.csv", keep_default_na=False)

or, with the package's types, keys and checks, `frictionless validate datapackage.json`.

Licences: the facts come from Ofsted's reports (Crown copyright) and ONS's boundaries and lookups under the Open
Government Licence v3.0; the project's own text (labels, definitions, summaries, notes) is CC BY 4.0.
{attribution}
"""


def bundle_files(dataset: Dataset, geometry: PreparedGeometry, data_dir: Path | None = None) -> dict[str, bytes]:
    """File name → bytes of every file of the release (`data_dir`: the bundled data, config.DATA_DIR now)."""
    data_dir = data_dir or config.DATA_DIR
    files = {TABLES[kind].file_name: (data_dir / TABLES[kind].file_name).read_bytes() for kind in LOAD_ORDER}
    files[LOOKUP_NAME] = (settings.layers_dir() / config.LOOKUP_LAYER).read_bytes()  # the layers the app draws
    files[SUCCESSORS_NAME] = SUCCESSORS_FILE.read_bytes()
    descriptor = package_descriptor(data_dir, lookup_path=LOOKUP_NAME, successors_path=SUCCESSORS_NAME)
    files[PACKAGE_FILE] = package_json(descriptor).encode("utf-8")
    files["councils.geojson"] = export_layer(dataset, geometry, "councils", "geojson")
    files["forces.geojson"] = export_layer(dataset, geometry, "forces", "geojson")
    files["RULES.md"] = (data_dir / "RULES.md").read_bytes()
    files["DATA-README.md"] = (data_dir / "README.md").read_bytes()
    files["CITATION.cff"] = (config.PROJECT_ROOT / "CITATION.cff").read_bytes()
    files["README.md"] = BUNDLE_README.format(release=release_line(), attribution=config.ATTRIBUTION).encode("utf-8")
    return files


def write_bundle(files: dict[str, bytes], out: Path) -> list[Path]:
    """The release's files in the folder `out` (made if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, payload in files.items():
        (out / name).write_bytes(payload)
        written.append(out / name)
    return written


def bundle_zip(files: dict[str, bytes]) -> bytes:
    """The release as one zip, its files in a folder named after the release."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in files.items():
            archive.writestr(f"cpmap-data/{name}", payload)
    return buffer.getvalue()
