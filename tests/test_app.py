"""The dashboard run headless with AppTest: filters, URL state, notices and a simulated map click."""

from __future__ import annotations

import json
import re
from unittest import mock

import pytest
from streamlit.testing.v1 import AppTest

from components import area_map, firstview, layout
from tests.apptest import APP, findings_on_the_default_map, full_app

pytestmark = pytest.mark.apptest

TIMEOUT = 60


def run_app(query: dict[str, str | list[str]] | None = None, st_folium_return=None) -> AppTest:
    at = full_app(TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if st_folium_return is None:
        at.run()
    else:
        with mock.patch("streamlit_folium.st_folium", return_value=st_folium_return):
            at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def query_values(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return list(value) if isinstance(value, (list, tuple)) else [value]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.header] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
    # as the reader sees it: data text is Markdown-escaped on the page
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


@pytest.fixture(scope="module")
def default_app() -> AppTest:
    return run_app()


def test_default_view_shows_the_headline_figures_and_every_finding_of_the_42(default_app, dataset):
    assert metric(default_app, "Inspections") == "42"
    assert metric(default_app, "Findings matching") == str(findings_on_the_default_map(dataset))
    assert len(default_app.dataframe[0].value) == findings_on_the_default_map(dataset)
    text = page_text(default_app)
    # 19 substantive since the second reading: Luton's conference shortfall was put right before the inspection
    assert "42 inspections · police weaknesses in 31 (19 substantive) · 20 forces · also shown: Peterborough" in text
    assert "Office for National Statistics" in text


def test_choosing_a_failure_type_changes_figures_and_table(dataset):
    at = run_app()
    before = metric(at, "Councils with police weaknesses")
    at.multiselect(key="filter_types").set_value(["DBS_BACKLOG"]).run()
    assert not at.exception
    # Dorset and Wandsworth substantive; Slough, Cornwall and Hackney minor (no agency named for the delay)
    assert metric(at, "Councils with police weaknesses") == "5 (2 substantive)"
    assert before != "5 (2 substantive)"
    table = at.dataframe[0].value
    assert set(table["failure_label"]) == {dataset.failure_types["DBS_BACKLOG"].label}
    assert len(table) == 5
    assert query_values(at, "type") == ["DBS_BACKLOG"]


def test_query_parameters_restore_filters_and_the_selected_council():
    at = run_app({"type": ["CONF_NONATTEND", "STRAT_NONATTEND"], "match": "all", "area": "E06000004"})
    assert at.multiselect(key="filter_types").value == ["CONF_NONATTEND", "STRAT_NONATTEND"]
    assert at.radio(key="filter_match").value == "all"
    # Northumberland and Stockton-on-Tees have both (Doncaster's 2015 point is joint enquiries, not the meeting)
    assert metric(at, "Councils with police weaknesses") == "2 (2 substantive)"
    # the panel's own lines (force names also appear in finding summaries elsewhere on the page)
    assert [h.value for h in at.main.header] == ["Stockton\\-on\\-Tees"]
    markdown = [block for m in at.markdown for block in m.value.split("\n\n")]
    assert "Police force: **Cleveland Police** (E23000013)" in markdown
    assert "### Police weaknesses (6)" in markdown
    assert at.selectbox(key="area_select").value == "E06000004"


def sent_layers(st_folium: mock.MagicMock) -> list[dict]:
    """The layer specs of the last map st_folium was given (see components.area_map.layer_specs)."""
    group = st_folium.call_args.kwargs["feature_group_to_add"]
    (layers,) = group._children.values()
    return json.loads(layers.specs_json)


def test_force_layer_and_force_panel_restore_from_the_url():
    at = full_app(TIMEOUT)
    at.query_params["layer"] = "forces"
    at.query_params["area"] = "E23000013"
    with mock.patch("streamlit_folium.st_folium", return_value=None) as st_folium:
        at.run()
    assert not at.exception
    assert at.radio(key="filter_layer").value == "forces"
    # the map is given the force layer, Cleveland selected and coloured by its matching councils
    specs = sent_layers(st_folium)
    assert [s["kind"] for s in specs] == ["council-outline", "forces"]
    assert "selected" not in specs[1]  # the selection is a mark beside the map, so a click leaves the map as it is
    assert area_map.SELECTED_MARK + '="E23000013"' in "".join(h.proto.body for h in at.get("html"))
    (cleveland,) = [g[0] for g in specs[1]["groups"] if "E23000013" in g[1].split()]
    assert cleveland[0] == "#fb8a4f"
    assert [h.value for h in at.main.header] == ["Cleveland Police"]
    assert any(b.startswith("Councils in the force area: **4**") for m in at.markdown for b in m.value.split("\n\n"))


def test_bad_parameters_give_a_visible_notice_and_the_rest_of_the_view():
    at = run_app({"type": ["DA_LATE", "NOPE"], "area": "Atlantis", "confidence": "certain"})
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # Markdown escapes
    assert "'type'" in warnings and "'area'" in warnings and "'confidence'" in warnings
    assert at.multiselect(key="filter_types").value == ["DA_LATE"]
    # Bury, Medway and Wirral substantive; Southend-on-Sea minor (Peterborough is shown, not counted: outside the 42)
    assert metric(at, "Councils with police weaknesses") == "4 (3 substantive)"


def test_a_map_value_without_its_callback_changes_nothing():
    """A click is applied by st_folium's on_change callback alone (tests/test_selection_click.py, and the real
    click in tests/browser/test_click_path.py); a value that arrives without it, as AppTest's default does, is not
    applied a second way."""
    clicked = {
        "last_active_drawing": {"type": "Feature", "id": "E08000002", "properties": {"code": "E08000002"}},
        "last_object_clicked": {"lat": 53.59, "lng": -2.3},
    }
    at = run_app(st_folium_return=clicked)
    assert "area" not in at.query_params
    assert "Click an area on the map" in page_text(at)


def test_broken_bundled_data_stops_the_app_with_line_numbered_messages(tmp_path, monkeypatch):
    import shutil

    from cpmap import config

    broken = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, broken)
    lines = (broken / "findings.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",high", ",certain").replace(",medium", ",certain")
    (broken / "findings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(config, "DATA_DIR", broken)
    from components import appdata

    appdata.load_app_data.clear()
    try:
        at = full_app(TIMEOUT).run()
        assert not at.exception
        errors = " ".join(e.value for e in at.error)
        assert "findings.csv:4" in errors.replace("\\", "")
        assert "confidence" in errors
        assert not at.metric  # nothing else is drawn
    finally:
        appdata.load_app_data.clear()


def _unknown_elements(node) -> list[str]:
    """Component names of the custom components under `node`, in page order."""
    found = []
    for child in getattr(node, "children", {}).values():
        if child.type in ("component_instance", "bidi_component"):
            found.append(child.proto.component_name)
        found += _unknown_elements(child)
    return found


def test_a_sessions_first_run_sends_the_map_alone_then_the_full_page():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Police child-protection weaknesses found by Ofsted, 2015/16"]
    # the sidebar holds its heading only, so that the map does not move when the filters arrive
    assert [h.value for h in at.sidebar.header] == ["Filters"]
    assert not (at.multiselect or at.radio or at.selectbox or at.get("file_uploader"))
    assert not (at.metric or at.dataframe or at.markdown)
    # the page's style sheet and the map's selection mark, nothing else
    assert sorted(h.value for h in at.get("html")) == sorted([layout.PAGE_CSS, area_map.selection_html(None)])
    # the map's frame, then the signal frame that brings the rest once the areas are drawn
    assert _unknown_elements(at.main) == ["streamlit_folium.st_folium", "components.firstview.map_drawn_signal"]
    at.session_state[firstview.FULL_PAGE] = True  # what the watcher's callback sets
    at.run()
    assert not at.exception
    assert metric(at, "Findings matching") == str(len(at.dataframe[0].value))
    assert len(at.sidebar) > 0
    assert _unknown_elements(at.main) == ["streamlit_folium.st_folium"]
