import pytest

from psgraph.stats import collect, render_text
from psgraph.turtle import memory_store


@pytest.fixture(scope="module")
def real_stats(real_project):
    return collect(memory_store(real_project.graph_files()))


def by_country(stats) -> dict[str, int]:
    return {row["countryLabel"]: row["arrangements"] + row["institutions"] + row["types"]
            for row in stats.by_country}


def test_issue_thresholds_hold_on_the_real_data(real_stats) -> None:
    entities = by_country(real_stats)
    assert entities["France"] >= 25
    assert entities["United Kingdom"] >= 15
    european = sum(entities.get(name, 0) for name in
                   ("European Union", "Council of Europe member states", "Europe (international)"))
    assert european >= 10
    legal_acts = sum(row["acts"] for row in real_stats.legal)
    assert legal_acts >= 25


def test_levels_come_out_in_rank_order(real_stats) -> None:
    ranks = [int(row["rank"]) for row in real_stats.by_level]
    assert ranks == sorted(ranks)


def test_mini_graph_counts_its_one_body_and_type(mini_project) -> None:
    stats = collect(memory_store(mini_project().graph_files()))
    assert stats.by_country == [{"country": "https://w3id.org/psgraph/id/territory/fr", "countryLabel": "France",
                                 "arrangements": 1, "institutions": 0, "types": 1}]
    assert stats.totals["memberships"] == 2
    text = render_text(stats)
    assert "France" in text and "mini council" in text


def test_territorial_backbone_counts_with_codes_and_sources(real_stats) -> None:
    def count(source: str, level: str) -> tuple[int, int, str]:
        (row,) = [r for r in real_stats.territories if source in r["datasetLabel"] and r["levelLabel"] == level]
        return row["territories"], row["withCode"], row["codeName"]

    communes, codes, _ = count("Etalab", "municipal")
    assert communes >= 34_000 and codes >= communes  # INSEE and SIREN codes
    assert count("Etalab", "inter-municipal")[0] >= 1_200
    assert count("Etalab", "county, département or police-force area")[:2] == (101, 101)
    assert count("ONS, Lower Tier", "municipal")[0] >= 300
    nuts = count("Eurostat", "regional")[0] + count("Eurostat", "county, département or police-force area")[0]
    assert nuts >= 1_400
    assert "Territories by source dataset and level" in render_text(real_stats)


def test_member_states_with_a_sourced_national_body_and_their_eucpn_memberships(real_stats) -> None:
    rows = {row["countryLabel"]: row for row in real_stats.member_states}
    assert len(rows) == 28 and all(row["memberFrom"] for row in rows.values())
    current = [name for name, row in rows.items() if not row["memberUntil"]]
    assert len(current) == 27 and rows["United Kingdom"]["memberUntil"] == "2020-02-01"
    assert sum(1 for name in current if rows[name]["bodies"] > 0) >= 20
    assert "national representative (independent council)" in rows["Denmark"]["heldBy"]
    assert rows["Croatia"]["memberFrom"] == "2013-07-01"
    text = render_text(real_stats)
    assert "member states with a sourced national body" in text
