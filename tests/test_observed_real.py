"""The observed map on the real graph: every Community Safety Partnership of the ONS lookups, every
district of England and Wales covered or named with the reason, the harvested tables current."""

from __future__ import annotations

from psgraph.observed.coverage import districts
from psgraph.store import open_store


def test_every_district_of_england_and_wales_is_in_an_observed_csp_or_named_with_the_reason(real_project) -> None:
    from psgraph.build import build

    build(real_project)
    found = districts(open_store(real_project))
    assert len(found) == 331
    uncovered = {d.name: d.reason for d in found if not d.direct}
    assert set(uncovered) == {"Buckinghamshire", "North Northamptonshire", "West Northamptonshire"}
    assert uncovered["Buckinghamshire"].startswith(
        "constituted after the December 2019 lookups from Aylesbury Vale, Chiltern, South Bucks, Wycombe")
    assert all(reason and "no observed CSP" not in reason for reason in uncovered.values())


def test_the_observed_csps_carry_their_ons_codes(real_project) -> None:
    store = open_store(real_project)
    codes = {row[0].value for row in store.query("""
        PREFIX psg: <https://w3id.org/psgraph/ontology#>
        SELECT ?code WHERE { ?b a psg:CSP ; psg:officialCode ?code ; psg:recordBasis psg:ObservedInSource }""")}
    assert len(codes) >= 314 and all(code[:3] in ("E22", "W14") for code in codes)
