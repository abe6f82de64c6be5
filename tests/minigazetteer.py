"""A small synthetic gazetteer: a handful of the 2016 councils and forces, by their real codes and ONS names, and a
dataset holding nothing else but three failure types.

Enough to show the rules of names, URL state and validation on their own, without the committed layers; the
tests that read those (every council resolves, the bundled tables are valid, ...) are the integration layer.
Chosen for the cases the rules must tell apart: two councils of one force (Cleveland), a council with a retired
code (Gateshead) and its neighbour (Northumberland), two councils whose names start alike (the Kingstons), short
forms by alias (Bristol, Hull), Welsh councils of a Welsh force, and a county (West Sussex).
"""

from __future__ import annotations

import pandas as pd

from cpmap.dataset import Dataset, FailureType
from cpmap.gazetteer import Council, Force, Gazetteer

# (force code, ONS name, usual public name)
FORCES = [
    ("E23000001", "Metropolitan Police", "Metropolitan Police Service"),
    ("E23000005", "Greater Manchester", "Greater Manchester Police"),
    ("E23000007", "Northumbria", "Northumbria Police"),
    ("E23000012", "Humberside", "Humberside Police"),
    ("E23000013", "Cleveland", "Cleveland Police"),
    ("E23000023", "Cambridgeshire", "Cambridgeshire Constabulary"),
    ("E23000033", "Sussex", "Sussex Police"),
    ("E23000036", "Avon and Somerset", "Avon and Somerset Constabulary"),
    ("E23000039", "Dorset", "Dorset Police"),
    ("W15000003", "South Wales", "South Wales Police"),
]
# (council code, ONS name, force code)
COUNCILS = [
    ("E06000001", "Hartlepool", "E23000013"),
    ("E06000004", "Stockton-on-Tees", "E23000013"),
    ("E06000010", "Kingston upon Hull, City of", "E23000012"),
    ("E06000023", "Bristol, City of", "E23000036"),
    ("E06000031", "Peterborough", "E23000023"),
    ("E06000057", "Northumberland", "E23000007"),
    ("E08000002", "Bury", "E23000005"),
    ("E08000037", "Gateshead", "E23000007"),
    ("E09000021", "Kingston upon Thames", "E23000001"),
    ("E10000009", "Dorset", "E23000039"),
    ("E10000032", "West Sussex", "E23000033"),
    ("W06000011", "Swansea", "W15000003"),
    ("W06000014", "Vale of Glamorgan", "W15000003"),
    ("W06000015", "Cardiff", "W15000003"),
]
FAILURE_TYPES = {
    "DA_LATE": "Domestic abuse notifications late",
    "CONF_NONATTEND": "Police absent from child protection conferences",
    "DBS_BACKLOG": "Criminal records checks delayed",
}


def mini_gazetteer() -> Gazetteer:
    return Gazetteer(
        councils={code: Council(code, name, force) for code, name, force in COUNCILS},
        forces={code: Force(code, ons_name, name) for code, ons_name, name in FORCES},
    )


def mini_dataset() -> Dataset:
    """The mini gazetteer and the three failure types; every table empty."""
    empty = pd.DataFrame()
    return Dataset(
        gazetteer=mini_gazetteer(),
        failure_types={t: FailureType(t, label, label) for t, label in FAILURE_TYPES.items()},
        inspections=empty,
        findings=empty,
        responses=empty,
        letters=empty,
        next_inspections=empty,
        later_findings=empty,
    )
