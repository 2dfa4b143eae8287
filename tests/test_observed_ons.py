"""The ONS lookups read as Community Safety Partnerships: a merger, a split, a partnership that ends,
a district that changes code, Welsh names stored with their UTF-8 read as Latin-1."""

from __future__ import annotations

from psgraph.observed import csp, ons
from tests.conftest import FIXTURES

LOOKUPS = FIXTURES / "ons"


def _read() -> tuple[dict[str, ons.Partnership], list[ons.Lookup]]:
    lookups = [
        ons.read_lookup(LOOKUPS / f"{year}.csv", date, f"lookup-{year}")
        for year, date in (("2017", "2017-01-16"), ("2018", "2018-12-31"), ("2019", "2019-12-31"))
    ]
    return ons.partnerships(lookups, ons.read_names(LOOKUPS / "names.csv")), lookups


def test_mergers_splits_and_endings_are_found_between_lookup_dates() -> None:
    found, lookups = _read()
    changes = ons.changes(found, [lookup.date for lookup in lookups])
    assert changes == [
        ons.Change(
            "merged", "2018-12-31", ("E22000001", "E22000002"), ("E22000008",), ("2017-01-16", "2018-12-31")
        ),
        ons.Change(
            "split", "2018-12-31", ("E22000004",), ("E22000009", "E22000010"), ("2017-01-16", "2018-12-31")
        ),
        ons.Change("dissolved", "2018-12-31", ("E22000006",), (), ("2018-12-31", "2019-12-31")),
    ]


def test_a_district_that_changes_code_keeps_its_partnership() -> None:
    found, lookups = _read()
    gamma = found["E22000003"]
    assert gamma.districts == {
        "2017-01-16": {"E07000003"},
        "2018-12-31": {"E07000003"},
        "2019-12-31": {"E06000099"},
    }
    changes = ons.changes(found, [lookup.date for lookup in lookups], {"E07000003": "E06000099"})
    assert not any("E22000003" in change.before for change in changes)


def test_names_are_read_back_as_written_and_rows_cite_the_lookups() -> None:
    found, lookups = _read()
    assert found["E22000007"].name_cy == "Ynys Môn" and found["E22000008"].name == "Alpha and Beta"
    changes = ons.changes(found, [lookup.date for lookup in lookups])
    sheets = csp.rows(found, lookups, changes, {"E23000001": ["buk:pcc-E23000001"]})
    bodies = {row["id"]: row for row in sheets["bodies"]}
    assert bodies["csp-e22000006"]["end_date"] == "2018-12-31"  # last seen in December 2018
    assert bodies["csp-e22000007"]["other_names"] == "Ynys Môn@cy"
    assert bodies["csp-e22000008"]["territory"] == "E07000001; E07000002"
    assert (
        bodies["csp-e22000008"]["name_fr"] == "partenariat pour la sécurité des communautés d’Alpha and Beta"
    )
    assert {(c["kind"], c["from"], c["to"]) for c in sheets["changes"]} == {
        ("merged", "csp-e22000001; csp-e22000002", "csp-e22000008"),
        ("split", "csp-e22000004", "csp-e22000009; csp-e22000010"),
    }
    links = {(link["body"], link["target"]) for link in sheets["links"]}
    assert ("csp-e22000003", "buk:pcc-E23000001") in links and not any(b == "csp-e22000007" for b, _ in links)
    cited = [row["locator"] for row in sheets["sources"] if row["about"] == "csp-e22000004"]
    assert cited == [
        "s. 10(2): the duty of the elected local policing body and the responsible authorities of "
        "its police area to co-operate",
        "2017.csv, rows 5, 6: E22000004 on E07000004 (police force area E23000001), "
        "E07000005 (police force area E23000001)",
        "csv/267.csv, E22000004",
    ]


def test_a_merger_the_publisher_notes_without_a_date_is_kept_with_its_uncertainty() -> None:
    note = (
        "ONS have been notified (October 2018) and the file has been updated to include the merger of "
        "W14000016 - Rhondda Cynon Taf CSP and W14000017 - Merthyr Tydfil CSP to create W14000023 - Cwm Taf CSP"
    )
    [merger] = csp.noted_mergers(note, "src:lookup")
    assert merger == csp.NotedMerger(
        (("W14000016", "Rhondda Cynon Taf"), ("W14000017", "Merthyr Tydfil")),
        "W14000023",
        "2018-10",
        "src:lookup",
    )
