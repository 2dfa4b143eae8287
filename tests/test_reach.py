"""The highest level each body reaches through chains of coordination links."""

import pyoxigraph as ox

from psgraph.reach import HIGHEST_LEVEL_REACHED, derive_highest_levels, highest_levels_reached

PREFIXES = """
@prefix psg: <https://w3id.org/psgraph/ontology#> .
@prefix ex:  <http://example.org/> .
psg:National psg:levelRank 2 . psg:County psg:levelRank 4 . psg:Municipal psg:levelRank 6 .
"""


def _store(turtle: str) -> ox.Store:
    store = ox.Store()
    store.load(PREFIXES + turtle, format=ox.RdfFormat.TURTLE)
    return store


def _reached(turtle: str) -> dict[str, str]:
    return {str(node.value).rsplit("/", 1)[-1]: level.value.rsplit("#", 1)[-1]
            for node, level in highest_levels_reached(_store(turtle)).items()}


def test_a_chain_through_bodies_reaches_the_highest_level_on_it() -> None:
    reached = _reached("""
        ex:town psg:level psg:Municipal ; psg:coordinatedWith ex:county .
        ex:county psg:level psg:County ; psg:coordinatedWith ex:town , ex:ministry .
        ex:ministry psg:level psg:National ; psg:coordinatedWith ex:county .
    """)
    assert reached == {"town": "National", "county": "National", "ministry": "National"}


def test_a_link_stated_between_types_holds_for_their_bodies() -> None:
    reached = _reached("""
        ex:Council psg:typeLevel psg:Municipal ; psg:coordinatedWith ex:CountyBoard .
        ex:CountyBoard psg:typeLevel psg:County ; psg:coordinatedWith ex:Council .
        ex:town a ex:Council ; psg:level psg:Municipal .
    """)
    assert reached["town"] == "County"


def test_an_unlinked_body_reaches_nothing_and_needs_one_step_to_reach_itself() -> None:
    reached = _reached("""
        ex:alone psg:level psg:National .
        ex:pair-a psg:level psg:Municipal ; psg:coordinatedWith ex:pair-b .
        ex:pair-b psg:level psg:Municipal ; psg:coordinatedWith ex:pair-a .
    """)
    assert "alone" not in reached
    assert reached == {"pair-a": "Municipal", "pair-b": "Municipal"}


def test_derivation_writes_one_triple_per_node_that_reaches_a_level() -> None:
    store = _store("""
        ex:town psg:level psg:Municipal ; psg:coordinatedWith ex:county .
        ex:county psg:level psg:County ; psg:coordinatedWith ex:town .
        ex:alone psg:level psg:Municipal .
    """)
    assert derive_highest_levels(store) == 2
    assert {(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, HIGHEST_LEVEL_REACHED, None)} == {
        ("http://example.org/town", "https://w3id.org/psgraph/ontology#County"),
        ("http://example.org/county", "https://w3id.org/psgraph/ontology#County"),
    }
