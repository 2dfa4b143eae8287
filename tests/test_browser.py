"""The web UI in a real headless Chromium (Debian's chromium and chromium-driver, which `make test`
installs): run a canned query from the editor, and submit a canned query page's form."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psgraph.build import build
from tests.serverkit import running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "Chromium and ChromeDriver are not installed (`make test` installs them)"
        if os.environ.get("PSGRAPH_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(real_project):
    build(real_project)
    with running_server(real_project.root, "--workers", "2") as url:
        yield url


def _wait(driver, condition, seconds=20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def test_editor_runs_a_canned_query(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, 'button.example[data-name="who-leads"]'))
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-name="who-leads"]').click()
    _wait(browser, lambda d: "authorityKind" in d.execute_script(
        "return window.psgraphEditor.getTab().getQuery()"))
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    rows = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
    assert len(rows) >= 3
    text = browser.find_element(By.CSS_SELECTOR, ".yasr table").text
    assert "psg:Elected" in text and "psg:Judicial" in text
    assert browser.execute_script("return window.psgraphEditor.getTab().getEndpoint()") == f"{server}/sparql"


def test_query_page_form_shows_the_table(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/coexisting-successors")
    field = browser.find_element(By.ID, "param-as_of")
    browser.execute_script("arguments[0].value = '2002-06-01'", field)
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: "as_of=2002-06-01" in d.current_url)
    table = _wait(browser, lambda d: d.find_elements(By.ID, "results"))[0]
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert rows, "the results table has no rows"
    assert "URBAN Community Initiatives (URBAN I and URBAN II)" in table.text  # replaced by URBACT in 2002
    count = int(browser.find_element(By.ID, "row-total").text.replace(",", ""))
    assert count == len(rows)  # fewer than a page of rows: all shown


def test_open_in_editor_link_loads_the_bound_query(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/lineage")
    browser.find_element(By.CSS_SELECTOR, "details.query-text summary").click()
    browser.find_element(By.ID, "open-in-editor").click()
    _wait(browser, lambda d: d.execute_script(
        "return window.psgraphEditor && window.psgraphEditor.getTab().getName()") == "lineage")
    query = browser.execute_script("return window.psgraphEditor.getTab().getQuery()")
    assert query.startswith("#+ title: Lineage timelines") and "AS ?as_of)" in query


def test_editor_ignores_an_endpoint_given_in_a_link(browser, server):
    """A link may carry ?endpoint= (YASGUI reads it); the editor must still query this server only."""
    browser.get(f"{server}/?endpoint=http%3A%2F%2Fevil.example%2Fsparql&query=ASK%20%7B%7D")
    _wait(browser, lambda d: d.execute_script("return !!window.psgraphEditor"))
    endpoints = browser.execute_script(
        "var y = window.psgraphEditor; return Object.keys(y._tabs).map(function (id) {"
        " return y.getTab(id).getEndpoint(); });")
    assert endpoints and set(endpoints) == {f"{server}/sparql"}
    assert not browser.find_element("css selector", "#yasgui .controlbar").is_displayed()


SHOTS = Path(__file__).resolve().parents[1] / ".psgraph" / "screenshots"


def _shoot(browser, name: str) -> int:
    """Save a 1366 px wide screenshot (not committed) and return the page's scroll width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1366, 1000)
    browser.save_screenshot(str(SHOTS / f"{name}.png"))
    return browser.execute_script("return document.documentElement.scrollWidth")


def test_linked_pairs_are_asked_for_in_the_form_and_their_links_named_in_french(browser, server):
    """vertical-overlap's linked, chosen from its yes-or-no list: the link column appears with each
    Community Safety Partnership's link to its commissioner, in French."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(f"{server}/queries/vertical-overlap?country=terr%3Auk&lang=fr")
    heads = [th.get_attribute("title") for th in _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#results th"))]
    assert "link" not in heads
    choice = Select(browser.find_element(By.ID, "param-linked"))
    assert [option.text for option in choice.options] == ["oui", "non"]
    choice.select_by_value("true")
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: "linked=true" in d.current_url)
    heads = [th.get_attribute("title") for th in _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#results th"))]
    column = heads.index("link")
    links = {row.find_elements(By.TAG_NAME, "td")[column].text
             for row in browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")}
    assert {"coopère avec", "← appuie (type d'instance)"} in [set(link.split(" | ")) for link in links]
    assert _shoot(browser, "vertical-overlap-linked-fr") <= 1366
    browser.delete_all_cookies()  # the French chosen here must not carry over to the next test


def test_a_body_page_opens_from_a_table_and_shows_members_and_sources(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/same-level-overlap?country=terr%3Afr")
    table = _wait(browser, lambda d: d.find_elements(By.ID, "results"))[0]
    table.find_element(By.CSS_SELECTOR, 'a[href="/id/body/fr/clspd-lyon"]').click()
    _wait(browser, lambda d: d.current_url.endswith("/id/body/fr/clspd-lyon"))
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading == "Local Security and Crime Prevention Council of Lyon"
    body = browser.find_element(By.TAG_NAME, "main").text
    assert "Members and seats" in body and "Delpeuch & Ross" in body
    assert _shoot(browser, "body-page") <= 1366


def test_search_lands_on_the_right_pages_and_french_follows(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{server}/queries")
    box = browser.find_element(By.CSS_SELECTOR, "header form.search input[name=q]")
    box.send_keys("clspd lyon", Keys.RETURN)
    _wait(browser, lambda d: "/search" in d.current_url)
    browser.find_element(By.LINK_TEXT, "Local Security and Crime Prevention Council of Lyon").click()
    _wait(browser, lambda d: "/id/body/fr/clspd-lyon" in d.current_url)
    browser.find_element(By.CSS_SELECTOR, 'nav.languages a[hreflang="fr"]').click()
    _wait(browser, lambda d: "lang=fr" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Conseil local de sécurité")
    assert _shoot(browser, "body-page-fr") <= 1366
    box = browser.find_element(By.CSS_SELECTOR, "header form.search input[name=q]")
    box.send_keys("préfet", Keys.RETURN)
    _wait(browser, lambda d: "/search" in d.current_url)
    assert _shoot(browser, "search-fr") <= 1366
    browser.find_element(By.LINK_TEXT, "préfet").click()
    _wait(browser, lambda d: "/id/office/fr/prefect" in d.current_url)
    assert "Siège dans" in browser.find_element(By.TAG_NAME, "main").text


def test_a_long_answer_is_paged_and_labels_replace_codes(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/statutory-gaps?body_type=psg%3ACLSPD&lang=en")
    table = _wait(browser, lambda d: d.find_elements(By.ID, "results"))[0]
    total = int(browser.find_element(By.ID, "row-total").text.replace(",", ""))
    assert total > 400 and len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 200
    assert "tfrd:" not in table.text and "psg:CLSPD" not in table.text  # labels, not codes
    summary = browser.find_element(By.CSS_SELECTOR, "p.summary").text
    assert "body type: Local Security and Crime Prevention Council (CLSPD)" in summary  # shown once
    browser.find_element(By.ID, "next-page").click()
    _wait(browser, lambda d: "page=2" in d.current_url)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == 200
    assert "rows 201–400 of" in browser.find_element(By.CSS_SELECTOR, "p.summary").text
    # The header stays in view when the rows are scrolled.
    header_top = browser.execute_script(
        "const wrap = document.querySelector('.table-wrap'); wrap.scrollTop = 3000;"
        "return document.querySelector('#results thead th').getBoundingClientRect().top"
        " - wrap.getBoundingClientRect().top;")
    assert abs(header_top) < 2
    browser.find_element(By.CSS_SELECTOR, 'nav.languages a[hreflang="fr"]').click()
    _wait(browser, lambda d: "lang=fr" in d.current_url and "page=2" in d.current_url)
    summary = browser.find_element(By.CSS_SELECTOR, "p.summary").text
    assert "Conseil local de sécurité et de prévention de la délinquance (CLSPD)" in summary
    assert "lignes 201–400 sur" in summary
    assert "exigée d'une autorité" in browser.find_element(By.ID, "results").text  # French labels
    assert _shoot(browser, "statutory-gaps-page-2-fr") <= 1366


def test_the_editor_runs_a_query_without_prefix_lines(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/")
    _wait(browser, lambda d: d.execute_script("return !!window.psgraphEditor"))
    browser.execute_script("window.psgraphEditor.getTab().setQuery('SELECT * { ?b a psg:CLSPD }')")
    # the editor knows the prefixes the endpoint predeclares: no false error mark (an unknown one is marked)
    valid = browser.execute_script("var y = window.psgraphEditor.getTab().getYasqe(); y.checkSyntax();"
                                   "return [y.queryValid, document.querySelectorAll('.gutterErrorBar *').length];")
    assert valid == [True, 0]
    assert browser.execute_script("var y = window.psgraphEditor.getTab().getYasqe();"
                                  "y.setValue('SELECT * { ?b a nope:CLSPD }'); y.checkSyntax(); return y.queryValid;") is False
    browser.execute_script("window.psgraphEditor.getTab().setQuery('SELECT * { ?b a psg:CLSPD }')")
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    _wait(browser, lambda d: "clspd-lyon" in d.find_element(By.CSS_SELECTOR, ".yasr").text)
    assert "bfr:clspd-lyon" in browser.find_element(By.CSS_SELECTOR, ".yasr").text  # compact names
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, ".yasr a.iri") if "clspd-lyon" in a.text)
    link.click()  # opens the body's page on this server, not the w3id.org address
    _wait(browser, lambda d: d.current_url.endswith("/id/body/fr/clspd-lyon"))
    assert browser.find_element(By.TAG_NAME, "h1").text in (  # the language an earlier test chose
        "Local Security and Crime Prevention Council of Lyon",
        "Conseil local de sécurité et de prévention de la délinquance de Lyon")


def test_forms_offer_choices_and_suggest_territories_by_name(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/statutory-gaps?lang=en")
    options = browser.find_elements(By.CSS_SELECTOR, "#choices-body_type option")
    offered = [option.get_attribute("value") for option in options]
    assert "Local Security and Crime Prevention Council (CLSPD)" in offered  # names, not psg:CLSPD
    browser.get(f"{server}/queries/partnership-load?lang=en")
    field = browser.find_element(By.ID, "param-territory")
    field.send_keys("Avig")
    option = _wait(browser, lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, "#choices-territory option")
                                       if o.get_attribute("label").startswith("Avignon — Vaucluse")])[0]
    assert option.get_attribute("value") == "Avignon"
    field.clear()
    field.send_keys(option.get_attribute("value"))
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: "territory=tfrc%3A84007" in d.current_url)  # the IRI stays in the address
    assert browser.find_elements(By.CSS_SELECTOR, "p.error") == []
    assert browser.find_element(By.ID, "param-territory").get_attribute("value") == "Avignon"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_typing_a_name_in_a_territory_field_gives_that_territorys_rows(browser, server, lang):
    import json
    import urllib.request

    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/partnership-load?lang={lang}")
    field = browser.find_element(By.ID, "param-territory")
    field.send_keys("Rhône")
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: "territory=tfrd%3A69" in d.current_url)
    table = _wait(browser, lambda d: d.find_elements(By.ID, "results"))[0]
    seats = {row.find_elements(By.TAG_NAME, "td")[0].text for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
    with urllib.request.urlopen(f"{server}/queries/partnership-load.json?territory=tfrd%3A69&lang={lang}") as answer:
        rhone = {row["seatLabel"]["value"] for row in json.load(answer)["results"]["bindings"]}
    assert seats and seats <= rhone and "Lyon" in seats  # the seats in the Rhône, and only those
    assert browser.find_element(By.ID, "param-territory").get_attribute("value") == "Rhône"
    field = browser.find_element(By.ID, "param-territory")
    field.clear()
    field.send_keys("Saint-Denis")
    browser.find_element(By.ID, "run").click()
    choices = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#offered a"))
    assert len(choices) == 4 and "Saint-Denis (93) [93066]" in [c.text for c in choices]


def test_declared_charts_draw_one_mark_per_answer_cell_from_local_scripts(browser, server):
    """who-leads as bars stacked by who leads (one bar segment per row); bodies by country and domain
    as a heat map (one cell per country and domain); every script from this server."""
    import json
    import urllib.request

    from selenium.webdriver.common.by import By

    def marks(selector: str) -> int:
        return len(_wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, selector)))

    with urllib.request.urlopen(f"{server}/queries/who-leads.json") as answer:
        rows = json.load(answer)["results"]["bindings"]
    for lang in ("en", "fr"):
        browser.get(f"{server}/queries/who-leads?lang={lang}")
        # two charts, observed bodies and bodies in law only, each one bar segment per row
        assert marks(".chart-area svg g.mark-rect.role-mark path") == 2 * len(rows)
        charts = browser.find_elements(By.CSS_SELECTOR, ".chart-area svg.marks")
        assert len(charts) == 2 and all("France" in chart.text for chart in charts)
        assert "psg:" not in charts[0].text  # labels, not codes
        assert _shoot(browser, f"chart-who-leads-{lang}") <= 1366
    scripts = [s.get_attribute("src") for s in browser.find_elements(By.TAG_NAME, "script") if s.get_attribute("src")]
    assert scripts and all(src.startswith(server) for src in scripts)
    with urllib.request.urlopen(f"{server}/queries/bodies-by-country-level-domain.json") as answer:
        cells = {(r["country"]["value"], r["domain"]["value"]) for r in json.load(answer)["results"]["bindings"]}
    browser.get(f"{server}/queries/bodies-by-country-level-domain?lang=en")
    assert marks(".chart-area svg g.mark-rect.role-mark path") == 2 * len(cells)  # observed; in law only
    assert _shoot(browser, "chart-heatmap") <= 1366


def test_a_network_chart_links_members_to_places_as_the_answer_does(browser, server):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{server}/queries/partnership-load.json?territory=tfrd%3A69") as answer:
        rows = json.load(answer)["results"]["bindings"]
    browser.get(f"{server}/queries/partnership-load?territory=tfrd%3A69&lang=fr")
    counts = _wait(browser, lambda d: d.execute_script(
        "var n = window.psgraphNetworks && window.psgraphNetworks[0];"
        "return n ? [n.nodes().length, n.edges().length] : null;"))
    assert counts == [len({r["member"]["value"] for r in rows} | {r["seat"]["value"] for r in rows}), len(rows)]
    assert _shoot(browser, "chart-network-fr") <= 1366


def test_the_lineage_timeline_draws_lives_as_bars_changes_as_points_and_names_both_sides_of_a_rename(
        browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/lineage?of=psg%3ACLSPD&lang=en")
    points = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-area svg g.mark-symbol.role-mark path"))
    assert len(points) == len(browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == 2
    bars = browser.find_elements(By.CSS_SELECTOR, ".chart-area svg g.mark-rect.role-mark path")
    assert len(bars) == 3  # the CLS, the CCPD and the CLSPD that replaced both, from creation to end
    assert "France" in browser.find_element(By.CSS_SELECTOR, ".chart-area svg").text
    assert _shoot(browser, "lineage-clspd") <= 1366
    browser.get(f"{server}/queries/lineage?of=bfr%3Acipdr&lang=en")
    row = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#results tbody tr"))[0].text
    assert "CIPD" in row.split() and "CIPDR" in row.split()
    label = _wait(browser, lambda d: [t for t in d.find_elements(By.CSS_SELECTOR, ".chart-area svg text")
                                      if "→" in t.text])
    assert label[0].text == "CIPD → CIPDR"


def test_the_comparison_page_sets_countries_side_by_side_per_level_with_a_timeline(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/compare?countries=fr,uk&lang=en")
    table = _wait(browser, lambda d: d.find_elements(By.ID, "comparison"))[0]
    heads = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert heads == ["level of governance", "France", "United Kingdom"]
    levels = {row.find_element(By.CSS_SELECTOR, "th").text: [td.text for td in row.find_elements(By.CSS_SELECTOR, "td")]
              for row in table.find_elements(By.CSS_SELECTOR, "tr.level")}
    assert "Local Security and Crime Prevention Council (CLSPD)" in levels["municipal"][0]
    assert "Community Safety Partnership (CSP)" in levels["municipal"][1]
    assert "led by mayor (elected)" in levels["municipal"][0]
    import json
    import urllib.parse
    import urllib.request

    count = ("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { VALUES ?c { terr:fr terr:uk } "
             "?t a psg:BodyType ; psg:typeJurisdiction ?c ; psg:typeLevel ?l ; psg:startDate ?s }")
    with urllib.request.urlopen(f"{server}/sparql?" + urllib.parse.urlencode({"query": count})) as answer:
        dated = int(json.load(answer)["results"]["bindings"][0]["n"]["value"])
    bars = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-area svg g.mark-rect.role-mark path"))
    assert len(bars) == dated  # one bar per dated body type of the two countries
    assert _shoot(browser, "compare-fr-uk") <= 1366


@pytest.mark.parametrize(("lang", "heads"), [
    ("en", ["level of governance", "Denmark", "Sweden", "Germany", "France", "United Kingdom"]),
    ("fr", ["niveau de gouvernance", "Danemark", "Suède", "Allemagne", "France", "Royaume-Uni"]),
])
def test_the_comparison_page_takes_member_states_without_types_of_their_own(browser, server, lang, heads):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/compare?countries=dk,se,de,fr,uk&lang={lang}")
    table = _wait(browser, lambda d: d.find_elements(By.ID, "comparison"))[0]
    assert [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")] == heads
    national = next(row for row in table.find_elements(By.CSS_SELECTOR, "tr.level")
                    if row.find_element(By.CSS_SELECTOR, "th").text == "national")
    denmark = national.find_elements(By.CSS_SELECTOR, "td")[0].text
    assert ("Danish Crime Prevention Council" if lang == "en" else "Conseil danois de prévention") in denmark
    assert _shoot(browser, f"compare-dk-se-de-fr-uk-{lang}") <= 1366


def test_the_eucpn_representation_page_charts_the_seats_by_kind(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/eucpn-representation?lang=fr")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table tbody tr"))
    bars = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-area svg g.mark-rect.role-mark path"))
    assert len(bars) >= 7  # one stack per member state with a sourced seat, split by kind
    legend = [t.text for t in browser.find_elements(By.CSS_SELECTOR, ".chart-area svg g.role-legend text")]
    assert "ministère" in legend and "conseil indépendant" in legend
    assert _shoot(browser, "eucpn-representation-fr") <= 1366


def test_the_ontology_guide_shows_the_class_diagram_within_the_page(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/ontology?lang=en")
    nodes = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".diagram svg g.node"))
    assert len(nodes) >= 27  # the ontology's 21 classes and the 6 it reuses
    assert browser.find_element(By.CSS_SELECTOR, ".diagram svg").size["width"] <= 1366
    assert _shoot(browser, "ontology-guide") <= 1366


def test_the_codebook_page_links_tables_to_their_vocabularies(browser, server):
    from selenium.webdriver.common.by import By

    for lang in ("en", "fr"):
        browser.get(f"{server}/data?lang={lang}")
        rows = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#table-list tbody tr"), 60)
        assert len(rows) >= 20
        level = browser.find_element(By.CSS_SELECTOR, '#bodies a[href="#LevelScheme"]')
        level.click()
        _wait(browser, lambda d: d.execute_script("return location.hash") == "#LevelScheme")
        assert _shoot(browser, f"codebook-{lang}") <= 1366


# A French page shows no English interface word. The English words of the interface are those of
# the gettext catalogue's English sentences and of the canned queries' English headers (titles,
# descriptions, parameter help, column names, chart titles); a word the French side also uses
# ("type", "source", "date", "pays" …) is not one of them, nor are proper names and codes (ALLOWED).
# What a page shows of the data — names of resources (links to their pages), text marked with another
# language (lang="en": a definition the ontology gives only in English), code and query text, and the
# SPARQL editor's own controls (YASGUI's, not psgraph's) — is not the interface.
ALLOWED = {
    "psgraph", "sparql", "yasgui", "csv", "json", "xlsx", "png", "svg", "zip", "iri", "iris", "rdf", "owl",
    "turtle", "jsonld", "ntriples", "rdfxml", "pylode", "graphviz", "frictionless", "pandas", "stata",
    "insee", "siren", "gss", "ons", "nuts", "eli", "celex", "nor", "cff", "dcat", "void", "skos", "shacl",
    "clspd", "cispd", "cdpd", "csp", "pcc", "cipdr", "eucpn", "mappa", "gltd", "codaf", "cls", "ccpd",
    "urbact", "urban", "england", "wales", "scotland", "kingdom", "united", "european", "union", "lyon",
    "police", "crime", "commissioner", "commissioners", "partnership", "partnerships", "community", "safety",
    "government", "statistical",  # the Government Statistical Service (ONS), named in a French definition
}
WORD = r"[^\W\d_][^\W\d_'’-]{2,}"


def _english_interface_words() -> set[str]:
    import re

    from babel.messages.pofile import read_po

    from psgraph.catalogue import load_catalogue
    from psgraph.project import Project

    english, french = set(), set()

    def words(text: str) -> set[str]:
        # placeholders, markup, `code`, commands (psgraph query run …) and compact names are not words
        text = re.sub(r"%\(\w+\)s|\{\w+\}|<[^>]+>|`[^`]*`|psgraph( [a-z-]+)+|\b[\w-]+:[\w-]+", " ", text)
        return {w.lower() for w in re.findall(WORD, text)}

    path = Path(__file__).resolve().parents[1] / "src/psgraph/locale/fr/LC_MESSAGES/psgraph.po"
    with path.open("rb") as handle:
        for message in read_po(handle, locale="fr"):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            english |= set().union(*(words(i) for i in ids))
            french |= set().union(*(words(s) for s in strings))
    for query in load_catalogue(Project.locate(Path(__file__).resolve().parents[1])).values():
        english |= words(query.title) | words(query.description)
        french |= words(query.title_in("fr")) | words(query.description_in("fr"))
        for param in query.params:
            english |= words(param.description)
            french |= words(param.description_in("fr"))
        for column in query.header.get("columns", {}):
            english |= words(query.column_label(column, "en"))
            french |= words(query.column_label(column, "fr"))
        for chart in query.charts:
            english |= words(chart.title)
            french |= words(chart.title_in("fr"))
    # and a word the graph's French labels use is French (« public », « territorial », « direction »)
    from psgraph.store import open_store

    labels = open_store(Project.locate(Path(__file__).resolve().parents[1])).query(
        "SELECT DISTINCT ?l WHERE { { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } UNION "
        "{ ?x <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } FILTER(LANG(?l) = 'fr') }")
    for row in labels:
        french |= words(row["l"].value)
    return english - french - ALLOWED


_INTERFACE_TEXT = """
const skipped = '[lang]:not([lang="fr"]), [translate="no"], pre, code, script, style, #yasgui, datalist, option,'
  + ' a[href^="/id/"], a[href^="/ontology/"]:not([href="/ontology/reference"]), a[href^="/resource"]';
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode, parent = node.parentElement;
  if (!parent || parent.closest(skipped)) continue;
  const box = parent.getBoundingClientRect();
  if (box.width === 0 && box.height === 0 && !parent.closest('svg, details')) continue;
  out.push(node.textContent);
}
document.querySelectorAll('input[placeholder], [aria-label]').forEach(function (el) {
  if (!el.closest(skipped)) out.push(el.getAttribute('placeholder') || '', el.getAttribute('aria-label') || '');
});
return out.join(' \\n ');
"""


def _french_pages(real_project) -> list[tuple[str, str]]:
    from psgraph.catalogue import load_catalogue

    pages = [("home", "/"), ("catalogue", "/queries"), ("body", "/id/body/fr/clspd-lyon"),
             ("territory", "/id/territory/fr/departement/69"), ("office", "/id/office/fr/prefect"),
             ("compare", "/compare?countries=fr,uk"), ("data", "/data"), ("downloads", "/dumps"),
             ("ontology", "/ontology"), ("search", "/search?q=lyon"), ("not-found", "/nulle-part")]
    pages += [(f"query {name}", f"/queries/{name}") for name in load_catalogue(real_project)]
    return pages


def test_french_pages_show_no_english_interface_word(browser, server, real_project):
    import re

    from selenium.webdriver.common.by import By

    english = _english_interface_words()
    assert {"canned", "queries", "download", "rows", "leads"} <= english  # the detector knows the interface
    found = {}
    for kind, path in _french_pages(real_project):
        browser.get(f"{server}{path}{'&' if '?' in path else '?'}lang=fr")
        _wait(browser, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr")
        if browser.find_elements(By.CSS_SELECTOR, "div.chart-area[data-spec]"):
            _wait(browser, lambda d: all(area.find_elements(By.CSS_SELECTOR, "svg, canvas")
                                         for area in d.find_elements(By.CSS_SELECTOR, "div.chart-area")))
        shown = browser.execute_script(_INTERFACE_TEXT)
        shown = re.sub(r"\b[\w-]+:[\w-]+|/[\w./-]+", " ", shown)  # codes (psg:chairedBy) and paths
        words = {w.lower() for w in re.findall(WORD, shown)} & english
        if words:  # each with where it was seen, to find it
            found[kind] = [re.search(rf".{{0,40}}\b{w}\b.{{0,40}}", shown, re.I | re.S)[0].strip()
                           for w in sorted(words, key=str.lower)]
    assert found == {}, f"English interface words on French pages: {found}"
    for name, path in (("home-fr", "/"), ("query-statutory-gap-counts-fr",
                                           "/queries/statutory-gap-counts?area_level=psg%3ANational"),
                       ("data-fr", "/data")):
        browser.get(f"{server}{path}{'&' if '?' in path else '?'}lang=fr")
        if browser.find_elements(By.CSS_SELECTOR, "div.chart-area[data-spec]"):
            _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "div.chart-area svg"))
        assert _shoot(browser, name) <= 1366, name


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_rhone_page_opens_with_what_exists_there(browser, server, lang):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/id/territory/fr/departement/69?lang={lang}")
    here = _wait(browser, lambda d: d.find_elements(By.ID, "here"))[0]
    lyon = here.find_element(By.CSS_SELECTOR, 'a[href="/id/body/fr/clspd-lyon"]')  # the CLSPD of Lyon
    assert lyon.text.startswith(("Local Security and Crime Prevention Council of Lyon",
                                 "Conseil local de sécurité et de prévention de la délinquance de Lyon"))
    assert ("observed in a source" if lang == "en" else "attestée par une source") in here.text
    assert "tfrd:" not in here.text and "psg:" not in here.text  # labels, not codes
    assert _shoot(browser, f"territory-rhone-{lang}") <= 1366


def test_every_canned_query_with_a_territory_parameter_narrows_to_it(browser, server):
    """From the Rhône's page, each question narrowed to it: its form shows the Rhône by name and its rows
    are among the rows of the question asked everywhere."""
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/id/territory/fr/departement/69?lang=en")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#questions a")]
    assert len(links) >= 13
    narrower = 0
    for link in links:
        assert link.split("?", 1)[1] == "territory=tfrd%3A69"
        name = link.split("/queries/", 1)[1].split("?")[0]
        browser.get(link + "&lang=en")
        assert browser.find_elements(By.CSS_SELECTOR, "p.error") == [], name
        assert browser.find_element(By.ID, "param-territory").get_attribute("value") == "Rhône", name

        # vertical-overlap names a body type for several bodies everywhere, each body in the Rhône
        grouped = ("lower", "lowerLabel", "lowerBodies") if name == "vertical-overlap" else ()
        narrowed, everywhere = _answer(f"{server}/queries/{name}.json?territory=tfrd%3A69", grouped), \
            _answer(f"{server}/queries/{name}.json", grouped)
        if name == "level-chain-gaps":
            # gaps are recomputed from what concerns the Rhône: a level covered elsewhere in France
            # may be missing there, so the rows are France's, not a subset of the national ones
            assert {dict(row)["country"] for row in narrowed} <= {"https://w3id.org/psgraph/id/territory/fr"}
        else:
            assert narrowed <= everywhere, name
        shown = len(_answer(f"{server}/queries/{name}.json?territory=tfrd%3A69"))
        assert int(browser.find_element(By.ID, "row-total").text.replace(",", "")) == shown or shown > 200, name
        narrower += len(narrowed) < len(everywhere)
    assert narrower >= 8  # most questions have rows elsewhere than in the Rhône


def _answer(url: str, left_out: tuple[str, ...] = ()) -> set[tuple[tuple[str, str], ...]]:
    """A canned query's JSON answer as a set of rows, its territory column (and ``left_out``) left out."""
    import json
    import urllib.request

    with urllib.request.urlopen(url) as response:
        rows = json.load(response)["results"]["bindings"]
    return {tuple(sorted((k, v["value"]) for k, v in row.items() if k != "territory" and k not in left_out))
            for row in rows}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_gap_chart_never_sets_an_area_beside_one_that_contains_it(browser, server, lang):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/queries/statutory-gap-counts?area_level=psg%3ANational&lang={lang}")
    chart = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-area svg.marks"))[0]
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-area svg g.mark-rect.role-mark path"))
    drawn = chart.text
    assert "France" in drawn and ("United Kingdom" in drawn or "Royaume-Uni" in drawn)
    assert "England" not in drawn and "Angleterre" not in drawn and "Wales" not in drawn  # inside the UK
    note = browser.find_element(By.CSS_SELECTOR, "p.chart-note").text
    assert ("England" in note or "Angleterre" in note) and ("Left out" in note or "Laissés hors" in note)
    table = browser.find_element(By.ID, "results").text
    assert "England" in table or "Angleterre" in table  # the table keeps every area
    assert _shoot(browser, f"chart-gaps-national-{lang}") <= 1366
