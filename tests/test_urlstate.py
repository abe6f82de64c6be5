"""The URL holds the whole view; bad parameters are dropped with notices, never errors. Shown on the mini
gazetteer (tests/minigazetteer.py): reading a URL needs the areas and failure types, nothing else."""

from __future__ import annotations

import pytest

from cpmap.urlstate import ViewState, parse_query, to_query
from cpmap.viewmodel import Filters, Layer, MatchMode


def test_a_view_survives_the_round_trip_through_the_url(mini_dataset):
    state = ViewState(
        filters=Filters(
            failure_types=("CONF_NONATTEND", "DBS_BACKLOG"),
            match=MatchMode.ALL,
            forces=("E23000039",),
            judgements=("requires improvement",),
            min_confidence="medium",
        ),
        layer=Layer.FORCES,
        area="E10000009",
    )
    parsed, notices = parse_query(to_query(state), mini_dataset)
    assert notices == []
    assert parsed == state


def test_default_view_has_an_empty_query(mini_dataset):
    assert to_query(ViewState()) == {}
    assert parse_query({}, mini_dataset) == (ViewState(), [])


@pytest.mark.parametrize(
    ("query", "expected_area"),
    [
        ({"area": ["E06000004"]}, "E06000004"),
        ({"area": ["e06000004"]}, "E06000004"),
        ({"area": ["Stockton"]}, "E06000004"),
        ({"area": ["E23000013"]}, "E23000013"),
        ({"area": ["E08000020"]}, "E08000037"),
    ],
)
def test_area_accepts_codes_names_and_retired_codes(mini_dataset, query, expected_area):
    state, notices = parse_query(query, mini_dataset)
    assert state.area == expected_area
    assert notices == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"type": ["NOT_A_TYPE"]}, "type"),
        ({"force": ["E23009999"]}, "force"),
        ({"force": ["W15000001"]}, "force"),
        ({"judgement": ["brilliant"]}, "judgement"),
        ({"confidence": ["certain"]}, "confidence"),
        ({"match": ["some"]}, "match"),
        ({"layer": ["roads"]}, "layer"),
        ({"area": ["E99999999"]}, "area"),
        ({"area": ["W06000015"]}, "area"),
        ({"area": ["Atlantis"]}, "area"),
        ({"zoom": ["4"]}, "zoom"),
        ({"area": ["<img src=x onerror=alert(1)>"]}, "area"),
        ({"type": ["x" * 5000]}, "type"),
        ({"layer": ["forces", "councils"]}, "layer"),
    ],
)
def test_bad_parameters_give_a_notice_naming_the_parameter(mini_dataset, query, parameter):
    state, notices = parse_query(query, mini_dataset)
    assert len(notices) >= 1
    assert any(f"'{parameter}'" in n for n in notices)
    assert all(len(n) < 300 for n in notices)
    # what could not be used falls back to the default view (a repeated key keeps its first value)
    expected = ViewState(layer=Layer.FORCES) if query.get("layer") == ["forces", "councils"] else ViewState()
    assert state == expected


def test_good_values_are_kept_beside_bad_ones(mini_dataset):
    state, notices = parse_query({"type": ["DA_LATE", "BOGUS", "DBS_BACKLOG"], "area": ["nowhere"]}, mini_dataset)
    assert state.filters.failure_types == ("DA_LATE", "DBS_BACKLOG")
    assert state.area is None
    assert len(notices) == 2


def test_control_characters_never_reach_a_notice(mini_dataset):
    _, notices = parse_query({"area": ["a\x00b\x1bc\n"]}, mini_dataset)
    assert notices and not any(ch in notices[0] for ch in "\x00\x1b\n")


def test_streamlits_own_embed_parameters_are_no_notice(dataset):
    from cpmap.urlstate import parse_query

    state, notices = parse_query({"embed": ["true"], "embed_options": ["light_theme"], "type": ["DA_LATE"]}, dataset)
    assert notices == []
    assert state.filters.failure_types == ("DA_LATE",)
    _, notices = parse_query({"embedded": ["true"]}, dataset)
    assert notices == ["Unknown URL parameter 'embedded' was ignored."]
