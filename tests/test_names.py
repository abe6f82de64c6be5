"""Council names and codes as reports, press and later years write them, resolved to 2016 GSS codes.

The rules are shown on the mini gazetteer (tests/minigazetteer.py); the spellings met in the wild and every ONS
name are checked against the committed lookup."""

from __future__ import annotations

import csv

import pytest

from cpmap import config
from cpmap.names import CouncilResolver, normalise
from tests.minigazetteer import COUNCILS

# ONS name → code in the mini gazetteer
MINI_CODE = {name: code for code, name, _ in COUNCILS}

# (as written in the wild, the exact ONS CTYUA16NM it must resolve to)
REAL_WORLD_SPELLINGS = [
    ("Stockton-on-Tees Borough Council", "Stockton-on-Tees"),
    ("STOCKTON ON TEES", "Stockton-on-Tees"),
    ("Stockton", "Stockton-on-Tees"),
    ("stockton-on-tees", "Stockton-on-Tees"),
    ("Southend", "Southend-on-Sea"),
    ("Southend-on-Sea Borough Council", "Southend-on-Sea"),
    ("Southend on Sea", "Southend-on-Sea"),
    ("Bristol", "Bristol, City of"),
    ("Bristol City Council", "Bristol, City of"),
    ("City of Bristol", "Bristol, City of"),
    ("Bristol, City of", "Bristol, City of"),
    ("Hull", "Kingston upon Hull, City of"),
    ("Hull City Council", "Kingston upon Hull, City of"),
    ("Kingston upon Hull City Council", "Kingston upon Hull, City of"),
    ("Durham", "County Durham"),
    ("Durham County Council", "County Durham"),
    ("County Durham", "County Durham"),
    ("Durham County", "County Durham"),
    ("Herefordshire", "Herefordshire, County of"),
    ("Herefordshire Council", "Herefordshire, County of"),
    ("County of Herefordshire", "Herefordshire, County of"),
    ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead"),
    ("Windsor & Maidenhead", "Windsor and Maidenhead"),
    ("London Borough of Bromley", "Bromley"),
    ("Bromley", "Bromley"),
    ("Royal Borough of Kensington and Chelsea", "Kensington and Chelsea"),
    ("Kensington & Chelsea", "Kensington and Chelsea"),
    ("RBKC", "Kensington and Chelsea"),
    ("LB Hammersmith & Fulham", "Hammersmith and Fulham"),
    ("Westminster City Council", "Westminster"),
    ("City of Westminster", "Westminster"),
    ("City of London Corporation", "City of London"),
    ("Corporation of London", "City of London"),
    ("City of London", "City of London"),
    ("St Helens", "St. Helens"),
    ("St. Helens Council", "St. Helens"),
    ("Saint Helens", "St. Helens"),
    ("Telford & Wrekin", "Telford and Wrekin"),
    ("Telford and Wrekin Council", "Telford and Wrekin"),
    ("Brighton & Hove City Council", "Brighton and Hove"),
    ("Isles of Scilly", "Isles of Scilly"),
    ("Council of the Isles of Scilly", "Isles of Scilly"),
    ("Wirral Council", "Wirral"),
    ("Metropolitan Borough of Wirral", "Wirral"),
    ("Bury Council", "Bury"),
    ("Bury Metropolitan Borough Council", "Bury"),
    ("Peterborough City Council", "Peterborough"),
    ("West Sussex County Council", "West Sussex"),
    ("Dorset County Council", "Dorset"),
    ("Torbay Council", "Torbay"),
    ("Gateshead Council", "Gateshead"),
    ("Northumberland County Council", "Northumberland"),
    ("Doncaster MBC", "Doncaster"),
    ("Solihull Metropolitan Borough Council", "Solihull"),
    ("Nottingham City", "Nottingham"),
    ("Nottingham City Council", "Nottingham"),
    ("Nottinghamshire County Council", "Nottinghamshire"),
    ("City of York Council", "York"),
    ("City of Bradford Metropolitan District Council", "Bradford"),
    ("Stoke-on-Trent City Council", "Stoke-on-Trent"),
    ("Bath and North East Somerset Council", "Bath and North East Somerset"),
    ("BANES", "Bath and North East Somerset"),
    ("Redcar & Cleveland Borough Council", "Redcar and Cleveland"),
    ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
    ("Richmond upon Thames", "Richmond upon Thames"),
    ("Newcastle upon Tyne City Council", "Newcastle upon Tyne"),
    ("  the   wirral  ", "Wirral"),
]

# Codes: current, retired before December 2016, and written carelessly.
CODES = [
    ("E06000004", "E06000004"),
    ("e06000004", "E06000004"),
    (" E06000004 ", "E06000004"),
    ("E08000020", "E08000037"),  # Gateshead's code before 2013
    ("e08000020", "E08000037"),
    ("E06000048", "E06000057"),  # Northumberland's code before 2013
    ("E08000037", "E08000037"),
    ("E06000057", "E06000057"),
    ("E10000032", "E10000032"),
]


@pytest.fixture(scope="module")
def resolver(mini_gazetteer) -> CouncilResolver:
    return CouncilResolver(mini_gazetteer)


@pytest.fixture(scope="module")
def real_resolver(gazetteer) -> CouncilResolver:
    return CouncilResolver(gazetteer)


@pytest.fixture(scope="module")
def code_of_ons_name(layers_dir) -> dict[str, str]:
    """ONS name → code, read straight from the committed lookup with the csv module (not through cpmap)."""
    with open(layers_dir / config.LOOKUP_LAYER, encoding="utf-8-sig", newline="") as handle:
        return {row["council_name"]: row["council_code"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(("written", "ons_name"), REAL_WORLD_SPELLINGS)
def test_a_real_world_spelling_resolves_to_its_2016_code(real_resolver, code_of_ons_name, written, ons_name):
    resolution = real_resolver.resolve_name(written)
    assert resolution.ok, resolution.reason
    assert resolution.code == code_of_ons_name[ons_name]


def test_the_spelling_table_is_large_and_covers_the_issues_short_forms():
    assert len(REAL_WORLD_SPELLINGS) >= 40
    short = {w for w, _ in REAL_WORLD_SPELLINGS}
    assert {"Southend", "Stockton", "Durham", "Bristol", "Hull", "Herefordshire"} <= short


def test_every_english_ons_name_resolves_to_itself(real_resolver, code_of_ons_name):
    english = {name: code for name, code in code_of_ons_name.items() if code.startswith("E")}
    assert len(english) == 152
    for name, code in english.items():
        assert real_resolver.resolve_name(name).code == code, name
        assert real_resolver.resolve_name(name.upper()).code == code, name


@pytest.mark.parametrize(("written", "code"), CODES)
def test_codes_resolve_including_codes_retired_before_2016(resolver, written, code):
    assert resolver.resolve_code(written).code == code


def test_the_retired_codes_are_those_of_gateshead_and_northumberland(resolver):
    assert resolver.resolve_code("E08000020").code == MINI_CODE["Gateshead"]
    assert resolver.resolve_code("E06000048").code == MINI_CODE["Northumberland"]


def test_an_ambiguous_name_lists_every_candidate(resolver):
    resolution = resolver.resolve_name("Kingston")
    assert not resolution.ok
    assert "ambiguous" in resolution.reason
    assert set(resolution.candidates) == {
        f"Kingston upon Hull, City of ({MINI_CODE['Kingston upon Hull, City of']})",
        f"Kingston upon Thames ({MINI_CODE['Kingston upon Thames']})",
    }


@pytest.mark.parametrize("written", ["Atlantis", "Gotham City Council", "xyz"])
def test_an_unknown_name_is_an_error_listing_the_closest_candidates(resolver, written):
    resolution = resolver.resolve_name(written)
    assert not resolution.ok
    assert "not a 2016 English council name" in resolution.reason
    assert written in resolution.reason
    assert 1 <= len(resolution.candidates) <= 4
    assert all(c.endswith(")") and "(E" in c for c in resolution.candidates)


def test_a_misspelling_offers_the_council_meant(resolver):
    resolution = resolver.resolve_name("Peterbrough")
    assert not resolution.ok
    assert f"Peterborough ({MINI_CODE['Peterborough']})" in resolution.candidates


@pytest.mark.parametrize("written", ["Cardiff", "Cardiff Council", "City and County of Swansea", "Vale of Glamorgan"])
def test_a_welsh_council_is_refused_with_a_clear_reason(resolver, written):
    resolution = resolver.resolve_name(written)
    assert not resolution.ok
    assert "Wales" in resolution.reason and "England only" in resolution.reason


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("W06000015", ("Cardiff", "Wales")),
        ("E07000001", ("district",)),
        ("S12000033", ("not an English area",)),
        ("E06999999", ("not a December 2016 English council",)),
        ("E0600004", ("not a GSS code",)),
    ],
)
def test_codes_that_are_not_2016_english_councils_say_why(resolver, written, words):
    resolution = resolver.resolve_code(written)
    assert not resolution.ok
    assert all(w in resolution.reason for w in words), resolution.reason


def test_code_and_name_must_agree(resolver):
    assert resolver.resolve("E06000004", "Stockton-on-Tees Borough Council").code == "E06000004"
    assert resolver.resolve("E08000020", "Gateshead").code == "E08000037"
    disagree = resolver.resolve("E06000004", "Bristol")
    assert not disagree.ok and "Stockton-on-Tees" in disagree.reason and "Bristol" in disagree.reason
    nonsense = resolver.resolve("E06000004", "Atlantis")
    assert not nonsense.ok and "Atlantis" in nonsense.reason
    # an ambiguous name is consistent with a code it could mean
    assert resolver.resolve("E09000021", "Kingston").code == "E09000021"


def test_normalise_folds_case_punctuation_and_council_words():
    assert normalise("Stockton-on-Tees Borough Council") == "stockton on tees"
    assert normalise("Brighton & Hove City Council") == normalise("brighton and hove")
    assert normalise("St. Helens") == normalise("St Helens") == "st helens"
    assert normalise("Council") == "council"  # all noise: keep something to match on
