"""Behaviour the mutation run found untested in `make serve` (serve/) and the smaller cpmap modules: what the
commands print, what the supervisor tells and writes, and where it looks for nginx."""

from __future__ import annotations

import json

import pytest

import serve.supervisor as supervisor
from serve import nginxconf
from serve.supervisor import Replica, Supervisor
from tests.test_supervision import FakeProcess


def _supervised(tmp_path) -> Supervisor:
    run = Supervisor(8700, 1, tmp_path)
    app = Replica(8701, tmp_path / "a.log")
    app.process = FakeProcess(pid=5000)
    run.apps = [app]
    return run


def test_the_nginxconf_command_names_itself_in_its_usage(capsys):
    with pytest.raises(SystemExit) as stopped:
        nginxconf.main(["--help"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("usage: python -m serve.nginxconf [-h] [--listen LISTEN]")


def test_the_nginxconf_command_without_addresses_says_how_to_call_it(capsys):
    with pytest.raises(SystemExit) as stopped:
        nginxconf.main([])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m serve.nginxconf ")
    assert "python -m serve.nginxconf: error: the following arguments are required: addresses" in err


class _Missing:
    """A pathlib.Path stand-in for a machine without /usr/sbin/nginx."""

    def __init__(self, path: str) -> None:
        self.path = path

    def exists(self) -> bool:
        return False


def test_without_nginx_on_the_path_or_in_usr_sbin_a_run_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(supervisor.shutil, "which", lambda name: None)
    monkeypatch.setattr(supervisor, "Path", _Missing)
    with pytest.raises(RuntimeError) as raised:
        supervisor.find_nginx()
    assert str(raised.value) == "nginx is not installed: run `make nginx` (apt-get install nginx-light or nginx)"


def test_nginx_in_usr_sbin_is_found_when_it_is_not_on_the_path(monkeypatch):
    seen = []

    class _Present(_Missing):
        def exists(self) -> bool:
            seen.append(self.path)
            return True

    monkeypatch.setattr(supervisor.shutil, "which", lambda name: None)
    monkeypatch.setattr(supervisor, "Path", _Present)
    assert supervisor.find_nginx() == "/usr/sbin/nginx"
    assert seen == ["/usr/sbin/nginx"]


def test_a_dead_nginx_points_to_its_log_file(tmp_path):
    run = _supervised(tmp_path)
    run.nginx = FakeProcess(returncode=1)
    with pytest.raises(RuntimeError) as raised:
        run.check()
    assert str(raised.value) == f"nginx exited with code 1; see {tmp_path / 'nginx.log'}"


def test_the_state_names_the_prefix_the_files_are_under(tmp_path):
    state = _supervised(tmp_path).state()
    assert state["prefix"] == str(tmp_path)
    assert state["replicas"] == [{"port": 8701, "pid": 5000, "restarts": 0}]
    assert state["nginx_pid"] is None


def test_the_state_file_is_indented_one_space_per_level_for_reading_by_eye(tmp_path):
    run = _supervised(tmp_path)
    run.write_state()
    lines = (tmp_path / "state.json").read_text(encoding="utf-8").splitlines()
    assert lines[:4] == [
        "{",
        ' "url": "http://127.0.0.1:8700/",',
        ' "port": 8700,',
        f' "prefix": {json.dumps(str(tmp_path))},',
    ]
    assert "  {" in lines and '   "port": 8701,' in lines


def test_report_findings_with_paragraphs_leaves_out_one_whose_paragraphs_are_blank(dataset):
    from dataclasses import replace

    from cpmap.coverage import compute_coverage

    findings = dataset.findings.copy()
    reports = findings.index[findings["source_kind"] == "inspection_report"]
    assert compute_coverage(dataset).report_findings_with_paragraphs == len(reports)  # each one cites paragraphs
    findings.loc[reports[0], "paragraphs"] = ""
    cov = compute_coverage(replace(dataset, findings=findings))
    assert cov.report_findings == len(reports)
    assert cov.report_findings_with_paragraphs == len(reports) - 1


@pytest.fixture(scope="module")
def picture_layers(dataset, layers_dir):
    from tests.picturecheck import app_layers

    return app_layers(dataset, layers_dir)


def test_the_pictures_subtitle_says_the_then_and_now_layer_follows_the_latest_inspection(dataset, picture_layers):
    from cpmap.picture import draw_picture
    from cpmap.urlstate import ViewState
    from cpmap.viewmodel import Filters, Layer, build_view
    from cpmap.vocab import Window

    state = ViewState(filters=Filters(window=Window.LATEST), layer=Layer.THEN_NOW)
    figure = draw_picture(build_view(dataset, state.filters), state, dataset, picture_layers)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts[1] == "Then and now: what each council's latest inspection said about its earlier police weakness"


@pytest.mark.parametrize(
    ("left", "lines"),
    [
        # 605 px right of the swatch's 42: 65 characters, the label's length, so it stays on one line
        (1223, ["Improved (inferred): the process is called good, police not named"]),
        (1224, ["Improved (inferred): the process is called good, police not", "  named"]),
    ],
)
def test_legend_labels_wrap_at_the_characters_that_fit_right_of_their_swatch(dataset, left, lines):
    from matplotlib.figure import Figure

    from cpmap.picture import WIDTH_PX, _Page, _side_column
    from cpmap.urlstate import ViewState
    from cpmap.viewmodel import Layer, build_view

    state = ViewState(layer=Layer.THEN_NOW)
    page = _Page(Figure(), WIDTH_PX, 1400)
    _side_column(page, left, build_view(dataset, state.filters), state, dataset, None)
    texts = [t.get_text() for t in page.ax.texts]
    start = texts.index(lines[0])
    assert texts[start : start + len(lines)] == lines
    assert texts[start + len(lines)] == "Silent: the next report does not mention it (not a fix)"


def test_an_inspection_without_a_report_is_not_read_whatever_its_police_read_says(dataset):
    from dataclasses import replace

    from cpmap.coverage import window_coverage

    inspections = dataset.inspections.copy()
    missing = "E10000009-2016-05-23"  # a letter inspection whose report is not in our source
    assert inspections.loc[missing, "report_url"] == ""
    inspections.loc[missing, "police_read"] = "yes"
    letter = window_coverage(replace(dataset, inspections=inspections))[0]
    assert letter.window == "letter"
    name = dataset.gazetteer.councils["E10000009"].name
    assert name in letter.not_read and len(letter.not_read) == 2
    assert letter.reports_read == 40


def test_with_no_inspections_at_all_no_council_is_in_the_latest_window(dataset):
    from dataclasses import replace

    from cpmap.viewmodel import NOT_INSPECTED, Filters, Status, build_view
    from cpmap.vocab import Window

    empty = replace(dataset, inspections=dataset.inspections.iloc[0:0])
    view = build_view(empty, Filters(window=Window.LATEST))
    councils = view.councils
    assert not councils["in_window"].any()
    assert set(councils["window"]) == set(councils["inspection_id"]) == set(councils["protection_judgement"]) == {""}
    assert set(councils["judgement"]) == {NOT_INSPECTED}
    assert set(councils.loc[councils.index.str.startswith("E"), "status"]) == {Status.NOT_IDENTIFIED}
    assert view.figures.inspections == 0 and view.figures.councils_with_weaknesses == 0


def test_in_the_latest_window_a_council_without_a_later_report_has_blank_window_and_inspection(dataset):
    from cpmap.viewmodel import NOT_INSPECTED, Filters, build_view
    from cpmap.vocab import Window

    councils = build_view(dataset, Filters(window=Window.LATEST)).councils
    anglesey = councils.loc["W06000001"]  # Wales: no English report, earlier or later
    assert (anglesey["window"], anglesey["inspection_id"], anglesey["in_window"]) == ("", "", False)
    assert (anglesey["judgement"], anglesey["protection_judgement"]) == (NOT_INSPECTED, "")
    outside = councils[~councils["in_window"]]
    assert len(outside) > 0 and (outside["window"] == "").all() and (outside["inspection_id"] == "").all()
    assert councils["window"].notna().all() and councils["inspection_id"].notna().all()


def test_the_protection_filter_works_in_the_latest_window(dataset):
    from cpmap.viewmodel import Filters, build_view
    from cpmap.vocab import Window

    everything = build_view(dataset, Filters(window=Window.LATEST))
    assert everything.councils.loc["E06000002", "protection_judgement"] == "requires improvement"  # Middlesbrough
    assert everything.councils.loc["E06000001", "protection_judgement"] == "outstanding"  # Hartlepool
    view = build_view(dataset, Filters(window=Window.LATEST, protection=("requires improvement",)))
    assert len(view.findings) == 23
    assert set(view.findings["council_code"].map(view.councils["protection_judgement"])) == {"requires improvement"}


def test_then_and_now_against_the_latest_report_names_the_persisted_and_the_new(dataset):
    from cpmap.viewmodel import ThenNow, then_latest_of

    result = then_latest_of(dataset)
    assert sorted(result.index[result == ThenNow.PERSISTED]) == ["E06000023", "E09000016"]  # Bristol, Havering
    assert sorted(result.index[result == ThenNow.NEW]) == [
        "E06000002",
        "E06000017",
        "E06000050",
        "E08000007",
        "E08000014",
        "E08000016",
        "E08000019",
        "E08000026",
        "E08000027",
    ]


def test_a_parameter_with_exactly_the_most_values_read_is_read_whole_without_a_notice(dataset):
    from cpmap.urlstate import MAX_VALUES, parse_query

    assert MAX_VALUES == 30
    state, notices = parse_query({"type": ["DA_LATE"] * 30}, dataset)
    assert notices == [] and state.filters.failure_types == ("DA_LATE",)
    _, notices = parse_query({"type": ["DA_LATE"] * 31}, dataset)
    assert notices == ["URL parameter 'type' had 31 values; only the first 30 were read."]


def test_an_unknown_protection_judgement_is_named_in_its_notice(dataset):
    from cpmap.urlstate import parse_query

    state, notices = parse_query({"protection": ["good", "splendid"]}, dataset)
    assert state.filters.protection == ("good",)
    assert notices == ["URL parameter 'protection' value 'splendid' is not an Ofsted judgement; it was ignored."]


def test_a_council_outside_the_protection_filter_is_filtered_out_not_shown_as_inspected(dataset):
    from cpmap.viewmodel import Filters, Status, build_view

    assert build_view(dataset, Filters()).councils.loc["E06000038", "status"] == Status.INSPECTED  # Reading
    councils = build_view(dataset, Filters(protection=("good",))).councils
    reading = councils.loc["E06000038"]  # inspected in the letter's window, no finding, protection "inadequate"
    assert (reading["protection_judgement"], reading["status"]) == ("inadequate", Status.FILTERED_OUT)
    assert councils.loc["E06000050", "status"] == Status.INSPECTED  # Cheshire West and Chester: "good"
    kept = councils[councils["protection_judgement"] == "good"]
    assert len(kept) > 0 and not (kept["status"] == Status.FILTERED_OUT).any()


def test_with_no_inspections_at_all_every_councils_window_is_blank(dataset):
    from dataclasses import replace

    from cpmap.viewmodel import Filters, build_view

    empty = replace(dataset, inspections=dataset.inspections.iloc[0:0])
    councils = build_view(empty, Filters()).councils
    assert set(councils["window"]) == set(councils["inspection_id"]) == {""}
    # the councils the letter names are shown all the same (10 of them)
    assert councils["in_window"].sum() == councils["named_in_letter"].sum() == 10
