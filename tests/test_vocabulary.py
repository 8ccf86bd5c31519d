"""The relation vocabulary is defined once (legalgraph/model.py) and every module takes it
from there: the store's indexes, the queries, RDF and Neo4j name the same types."""

from __future__ import annotations

import re
from pathlib import Path

from legalgraph import model
from legalgraph.graph import neo4j, queries, rdf, store

PACKAGE = Path(model.__file__).resolve().parent


def test_the_subsets_are_relation_types():
    for subset in (model.CHANGE_TYPES, model.RESTS_ON, model.CHAIN_TYPES, model.FORWARD_IN_TIME):
        assert set(subset) <= set(model.RELATION_TYPES)
    assert not set(model.CHANGE_TYPES) & set(model.RESTS_ON)


def test_every_export_knows_every_relation_type():
    assert set(model.RELATION_TYPES) <= set(rdf.PROPERTY)
    assert neo4j.RELATIONSHIP_TYPES[:len(model.RELATION_TYPES)] == model.RELATION_TYPES
    assert queries.CHANGE_TYPES is model.CHANGE_TYPES and queries.RESTS_ON is model.RESTS_ON


def test_the_store_indexes_state_the_vocabulary():
    assert store.type_condition(model.CHANGE_TYPES) in store.INDEXES
    assert store.type_condition(model.RELATION_TYPES) in store.INDEXES


def test_no_module_spells_a_list_of_relation_types_again():
    """Two or more relation types written side by side as a tuple, set or SQL list
    outside model.py: a second copy of the vocabulary."""
    names = "|".join(model.RELATION_TYPES)
    listed = re.compile(rf"""["']({names})["']\s*,\s*["']({names})["']""")
    copies = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py") if p.name != "model.py"
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if listed.search(line)]
    assert not copies, copies
