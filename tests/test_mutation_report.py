"""`make mutate`'s report: equivalent mutants are named by what they change, and a stale entry fails the run."""

from __future__ import annotations

from mutation.report import Equivalent, match_equivalents

ROWS = {
    "cpmap.a.x_f__mutmut_1": ("cpmap/a.py", "survived"),
    "cpmap.a.x_f__mutmut_2": ("cpmap/a.py", "killed"),
    "cpmap.a.x_f__mutmut_3": ("cpmap/a.py", "not_run"),
    "cpmap.a.x_f_two__mutmut_1": ("cpmap/a.py", "survived"),
}
LINES = {
    "cpmap.a.x_f__mutmut_1": "return json.dumps(v, sort_keys=False)",
    "cpmap.a.x_f__mutmut_2": "return json.dumps(v, sort_keys=True, indent=None)",
    "cpmap.a.x_f__mutmut_3": "return None",
    "cpmap.a.x_f_two__mutmut_1": "return json.dumps(v, sort_keys=False)",
}


def diff(name: str, source: str) -> str:
    assert source == "cpmap/a.py"
    return LINES[name]


def entry(function: str, line: str, number: int = 1) -> Equivalent:
    return Equivalent(function, line, "why", number)


def test_an_entry_matches_its_mutant_by_the_changed_line_not_by_number():
    matched, stale = match_equivalents(ROWS, [entry("cpmap.a.x_f", "return json.dumps(v, sort_keys=False)")], diff)
    # the same line in another function (x_f_two) is not this entry's
    assert matched == {"cpmap.a.x_f__mutmut_1": "why"} and stale == []


def test_an_entry_for_a_mutant_outside_the_sample_is_not_stale():
    matched, stale = match_equivalents(ROWS, [entry("cpmap.a.x_f", "return None")], diff)
    assert matched == {"cpmap.a.x_f__mutmut_3": "why"} and stale == []


def test_an_entry_that_matches_no_mutant_is_stale():
    _, stale = match_equivalents(ROWS, [entry("cpmap.a.x_f", "return 1", 7)], diff)
    assert stale == ["line 7: cpmap.a.x_f has no mutant making 'return 1'"]
    _, stale = match_equivalents(ROWS, [entry("cpmap.a.x_gone", "return None", 8)], diff)
    assert len(stale) == 1 and stale[0].startswith("line 8: cpmap.a.x_gone")


def test_an_entry_whose_mutant_was_killed_is_stale():
    line = "return json.dumps(v, sort_keys=True, indent=None)"
    _, stale = match_equivalents(ROWS, [entry("cpmap.a.x_f", line, 3)], diff)
    assert stale == [f"line 3: cpmap.a.x_f__mutmut_2 ({line!r}) is killed: not equivalent"]
