"""Downloads in a real browser: each file is made when its button is clicked, and holds what the page shows."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cpmap.export import council_table
from cpmap.viewmodel import Filters, build_view
from tests.apptest import findings_on_the_default_map

pytestmark = pytest.mark.browser


def download(app, name: str) -> bytes:
    with app.page.expect_download() as info:
        app.page.get_by_role("button", name=name).click()
    path = info.value.path()
    with open(path, "rb") as handle:
        return handle.read()


def test_the_findings_download_holds_the_matching_findings(visit, dataset):
    app = visit()
    rows = list(csv.DictReader(io.StringIO(download(app, "Download these findings (CSV)").decode("utf-8-sig"))))
    shown = build_view(dataset, Filters()).findings
    assert len(rows) == len(shown) == findings_on_the_default_map(dataset)
    assert {r["finding_id"] for r in rows} == set(shown["finding_id"])
    assert all(r["source_url"].startswith(("http://", "https://", "'")) for r in rows)
    app.assert_clean()


def test_the_council_layer_download_is_geojson_keyed_by_gss_code(visit, dataset):
    app = visit()
    collection = json.loads(download(app, "Councils (GeoJSON)"))
    ids = {feature["id"] for feature in collection["features"]}
    assert ids == set(council_table(dataset)["code"])
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in collection["features"])
    app.assert_clean()
