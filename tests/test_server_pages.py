"""The web pages of `psgraph serve`: catalogue, canned query pages, ontology, editor shell."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
from html import unescape as html_unescape

import pytest

from psgraph.build import build
from psgraph.catalogue import CATEGORIES, load_catalogue
from tests.serverkit import fetch, running_server


@pytest.fixture(scope="module")
def server(real_project):
    build(real_project)
    with running_server(real_project.root, "--workers", "2") as url:
        yield url


def test_catalogue_lists_every_query_by_category(server, real_project):
    status, _, body = fetch(f"{server}/queries")
    page = body.decode()
    assert status == 200
    catalogue = load_catalogue(real_project)
    for query in catalogue.values():
        assert f'href="/queries/{query.name}"' in page
    positions = [page.index(f'id="{category}"') for category in CATEGORIES
                 if any(q.category == category for q in catalogue.values())]
    assert positions == sorted(positions)


def test_query_page_runs_with_the_given_parameters(server):
    status, _, body = fetch(f"{server}/queries/who-leads?as_of=2010-01-01")
    page = body.decode()
    assert status == 200
    assert 'value="2010-01-01"' in page
    assert re.search(r'<span id="row-total">([\d,]+)</span>', page).group(1) != "0"
    assert "Local Security and Crime Prevention Council (CLSPD): mayor" in page
    assert 'href="/queries/who-leads.csv?as_of=2010-01-01"' in page
    assert "Open in the SPARQL editor" in page and "&#34;2010-01-01&#34;^^" in page


def test_downloads_match_the_cli(server, real_project):
    status, headers, body = fetch(f"{server}/queries/who-leads.csv?as_of=2010-01-01")
    assert status == 200 and headers["Content-Disposition"] == 'attachment; filename="who-leads.csv"'
    cli = subprocess.run([sys.executable, "-m", "psgraph", "--root", str(real_project.root), "query", "run",
                          "who-leads", "-p", "as_of=2010-01-01", "--format", "csv"],
                         capture_output=True, check=True)
    assert body.decode().rstrip("\r\n") == cli.stdout.decode().rstrip("\n")
    status, _, body = fetch(f"{server}/queries/who-leads.json?as_of=2010-01-01")
    assert status == 200 and json.loads(body)["head"]["vars"][0] == "country"


def test_downloads_follow_their_lang_parameter(server):
    status, _, english = fetch(f"{server}/queries/partnership-load.csv?territory=tfrd:69")
    assert status == 200 and "City of Lyon" in english.decode()
    status, _, french = fetch(f"{server}/queries/partnership-load.csv?territory=tfrd:69&lang=fr")
    assert status == 200 and "Ville de Lyon" in french.decode() and "City of Lyon" not in french.decode()
    assert len(french.splitlines()) == len(english.splitlines())
    status, _, page = fetch(f"{server}/queries/partnership-load?territory=tfrd:69&lang=fr")
    assert 'href="/queries/partnership-load.csv?territory=tfrd%3A69&amp;lang=fr"' in page.decode()
    status, _, body = fetch(f"{server}/queries/partnership-load.json?lang=de")
    assert status == 400 and b"lang='de'" in body


def test_query_text_is_the_bound_query(server):
    status, headers, body = fetch(f"{server}/queries/lineage.rq")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-query")
    assert body.decode().startswith("#+ title:")


def test_bad_parameter_shows_the_form_with_the_error(server):
    status, _, body = fetch(f"{server}/queries/who-leads?as_of=yesterday")
    page = body.decode()
    assert status == 400
    assert 'role="alert"' in page and "as_of" in page and 'value="yesterday"' in page
    status, _, body = fetch(f"{server}/queries/who-leads.csv?as_of=yesterday")
    assert status == 400 and b"as_of" in body


@pytest.mark.parametrize("page", ["²", "٣", "9" * 5000, "0", "-1", "1.5", " 2", "", "1e3"])
@pytest.mark.parametrize("suffix", ["", ".csv"])
def test_every_malformed_page_number_is_a_400(server, page, suffix):
    """``?page=²`` passed str.isdigit() and failed in int(): 500 (issue 33, defect 8)."""
    query = urllib.parse.urlencode({"page": page})
    status, _, body = fetch(f"{server}/queries/who-leads{suffix}?{query}")
    if page == "":  # an empty parameter is left out: the first page
        assert status == 200
    else:
        assert status == 400 and b"is not a page number" in body, body[:300]


def test_injected_markup_is_escaped(server):
    value = '"><script>alert(1)</script>'
    status, _, body = fetch(f"{server}/queries/vertical-overlap?" + urllib.parse.urlencode({"country": value}))
    assert status == 400 and b"<script>alert(1)" not in body


def test_unknown_pages_are_404(server):
    for path in ("/queries/no-such-query", "/queries/who-leads.exe", "/static/../pyproject.toml", "/nothing"):
        assert fetch(f"{server}{path}")[0] == 404, path


def test_ontology_page_documents_classes_in_english(server):
    status, _, body = fetch(f"{server}/ontology/reference")
    page = body.decode()
    assert status == 200 and "partnership body" in page
    assert "instance partenariale" not in page  # the French labels stay in the source file
    status, _, body = fetch(f"{server}/ontology/psgraph.ttl")
    assert status == 200 and "instance partenariale" in body.decode()


def test_editor_page_carries_the_canned_queries(server, real_project):
    status, _, body = fetch(f"{server}/")
    page = body.decode()
    assert status == 200
    examples = json.loads(re.search(r'<script id="examples" type="application/json">(.*?)</script>', page,
                                    re.DOTALL).group(1))
    assert {e["name"] for e in examples} == set(load_catalogue(real_project))
    assert '/assets/yasgui/yasgui.min.js' in page
    assert fetch(f"{server}/assets/yasgui/yasgui.min.js")[0] == 200


def test_column_names_may_wrap_between_their_words() -> None:
    from psgraph.server.pages import breakable

    assert str(breakable("missingPopulation")) == "missing<wbr>Population"
    assert str(breakable("rule_kind")) == "rule_<wbr>kind"
    assert str(breakable("a<b")) == "a&lt;b"  # still escaped


def test_gap_pages_say_what_missing_means_above_the_table(server, real_project):
    from psgraph.querying import run_embedded
    from psgraph.store import open_store

    status, _, body = fetch(f"{server}/queries/statutory-gaps?body_type=psg%3ACLSPD")
    page = body.decode()
    assert status == 200
    coverage = page[page.index('id="coverage"'):page.index("</ul>", page.index('id="coverage"'))]
    counts = load_catalogue(real_project)["statutory-gap-counts"]
    table = run_embedded(open_store(real_project), counts,
                         counts.bind({"body_type": "psg:CLSPD", "area_level": "psg:National"}))
    france = next(dict(zip(table.variables, row, strict=True)) for row in table.rows
                  if row[0].value.endswith("/territory/fr"))
    recorded = int(france["recorded"].value)
    assert recorded >= 300  # the observed map (issue 31): one in seven of the obliged communes
    assert f"the graph records {recorded:,} of the 2,251 bodies of type" in coverage
    assert "means no record in this graph" in coverage and "PCC" not in coverage  # the page's body type only
    _, _, body = fetch(f"{server}/queries/statutory-gap-counts?lang=fr")
    french = body.decode()
    assert "la loi institue elle-même 101 instances de type" in french
    assert "41 instances de type « commissaire élu à la police et à la criminalité (PCC) »" in french
    _, _, body = fetch(f"{server}/queries/who-leads")
    assert 'id="coverage"' not in body.decode()  # only on gap pages


def test_csv_for_a_french_spreadsheet_has_a_bom_and_semicolons(server):
    status, headers, body = fetch(f"{server}/queries/who-leads.csv?as_of=2010-01-01&excel=1")
    assert status == 200 and body.startswith("\ufeff".encode("utf-8"))
    assert 'filename="who-leads-excel.csv"' in headers["Content-Disposition"]
    first = body.decode("utf-8-sig").splitlines()[0]
    assert first.startswith("country;who leads;who leads (name);body types;bodies")  # headers for people
    _, _, plain = fetch(f"{server}/queries/who-leads.csv?as_of=2010-01-01")
    assert plain.decode().splitlines()[0].startswith("country,authorityKind")
    _, _, page = fetch(f"{server}/queries/who-leads?as_of=2010-01-01")
    assert 'href="/queries/who-leads.csv?as_of=2010-01-01&amp;excel=1"' in page.decode()


def test_the_catalogue_and_query_pages_speak_french(server):
    _, _, body = fetch(f"{server}/queries?lang=fr")
    catalogue = body.decode()
    assert "<h1>Requêtes prêtes</h1>" in catalogue and "Qui préside — présidences élues" in catalogue
    assert ">Lacune</h2>" in catalogue
    _, _, body = fetch(f"{server}/queries/who-leads?lang=fr")
    page = body.decode()
    assert "<h1>Qui préside — présidences élues, nommées ou judiciaires, par pays</h1>" in page
    assert "comment sont choisis les présidents" in page
    _, _, body = fetch(f"{server}/queries/who-leads?lang=en")
    assert "<h1>Who leads — elected, appointed or judicial chairs, by country</h1>" in body.decode()


def test_the_templates_speak_the_page_language_through_the_gettext_catalogue():
    """The pages' words are sentences of the catalogue (``{% trans %}``, ``_()``), rendered in the
    language of the page, with plural forms and formatted numbers."""
    from psgraph.server.pages import environment

    env = environment("psgraph.server")
    source = ('{{ _("Canned queries") }} · {{ ngettext("row", "rows", n) }} · '
              '{% trans first=1, last=200 %}rows {{ first }}–{{ last }} of{% endtrans %} {{ 2251 | number }}')
    template = env.from_string(source)
    assert template.render(lang="en", n=1) == "Canned queries · row · rows 1–200 of 2,251"
    assert template.render(lang="fr", n=3) == "Requêtes prêtes · lignes · lignes 1–200 sur 2\u202f251"
    assert env.from_string("{{ '2026-12-07' | day }}").render(lang="fr") == "7 décembre 2026"


def test_numbers_are_written_for_the_page_language_and_dates_as_yyyy_mm_dd(server):
    status, _, body = fetch(f"{server}/queries/statutory-gap-counts?body_type=psg:CLSPD&area_level=psg:National&lang=fr")
    page = body.decode()
    assert status == 200 and re.search(r'<span class="num" title="2251">2\u202f251</span>', page)
    status, _, body = fetch(f"{server}/queries/statutory-gap-counts?body_type=psg:CLSPD&area_level=psg:National&lang=en")
    assert re.search(r'<span class="num" title="2251">2,251</span>', body.decode())
    date_field = re.search(r'<input id="param-as_of"[^>]*>', body.decode(), re.S).group(0)
    assert 'type="text"' in date_field and 'pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}"' in date_field


def test_numeric_literals_are_formatted_but_other_literals_are_not() -> None:
    import pyoxigraph as ox

    from psgraph.server.pages import numeric_text

    def literal(value: str, kind: str) -> ox.Literal:
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + kind))

    assert numeric_text(literal("99.91", "decimal"), "fr") == "99,91"
    assert numeric_text(literal("0.666666", "double"), "en") == "0.6667"
    assert numeric_text(literal("13074", "string"), "fr") is None  # an INSEE code stays a code
    assert numeric_text(literal("abc", "integer"), "en") is None


def test_the_comparison_page_refuses_odd_countries_and_dates_with_a_400(server):
    for query in ("countries=fr,zz", "countries=fr;drop", "countries=fr&as_of=30/11/2026", "countries=a,b,c,d,e"):
        status, _, body = fetch(f"{server}/compare?{query}")
        assert status == 400 and b"Traceback" not in body, query
    status, _, body = fetch(f"{server}/compare?countries=fr,uk&as_of=2005-01-01&lang=fr")
    page = body.decode()
    assert status == 200 and "Conseil local de sécurité et de prévention de la délinquance (CLSPD)" in page
    assert "Police and Crime Commissioner" not in page.split('id="comparison"')[1].split("</table>")[0]  # from 2012


def test_the_comparison_page_takes_member_states_without_body_types_of_their_own(server):
    for lang, denmark in (("en", "Danish Crime Prevention Council"), ("fr", "Conseil danois de prévention")):
        status, _, body = fetch(f"{server}/compare?countries=dk,se,de,fr,uk&lang={lang}")
        table = body.decode().split('id="comparison"')[1].split("</table>")[0]
        assert status == 200 and denmark in table, lang
        assert table.count("<th><a") == 5


def test_the_comparison_page_takes_country_names_in_either_language(server):
    by_code = fetch(f"{server}/compare?countries=dk,fr,uk")[2].decode().split('id="comparison"')[1]
    for names in ("Denmark,France,United Kingdom", "Danemark, France, Royaume-Uni"):
        status, _, body = fetch(f"{server}/compare?countries={urllib.parse.quote(names)}")
        assert status == 200 and body.decode().split('id="comparison"')[1] == by_code, names
    status, _, body = fetch(f"{server}/compare?countries=France,Atlantis&lang=fr")
    assert status == 400 and "Atlantis" in body.decode() and b"Traceback" not in body


def test_the_ontology_guide_has_contents_vocabularies_body_types_and_the_worked_example(server):
    status, _, body = fetch(f"{server}/ontology?lang=fr")
    page = body.decode()
    assert status == 200 and "<svg" in page and 'href="/ontology/reference"' in page
    for anchor in ("diagram", "theme-bodies", "vocabularies", "body-types", "example"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    assert "communal" in page and "membre de droit" in page        # levels and kinds of seat, in French
    assert 'id="types-fr"' in page and 'id="types-uk"' in page    # body types of each country
    example = page.split('id="example-table"')[1].split("</table>")[0]
    assert "procureur de la République" in example and "oui" in example


def test_a_bad_parameter_is_explained_in_the_readers_language(server) -> None:
    status, _, page = fetch(f"{server}/queries/similar-membership?min_similarity=0.2&lang=fr")
    assert status == 400
    assert "est inférieur à 0,3, la plus petite valeur à laquelle cette requête répond" in page.decode()
    status, _, page = fetch(f"{server}/queries/similar-membership?min_similarity=0.2&lang=en")
    assert status == 400 and "is below 0.3, the smallest value this query answers" in page.decode()
    status, _, body = fetch(f"{server}/queries/similar-membership.csv?min_similarity=0.2")
    assert status == 400 and body.decode().startswith("Parameter min_similarity='0.2' is below 0.3")


def test_a_yes_or_no_parameter_with_a_default_and_a_column_empty_in_every_row(server) -> None:
    """vertical-overlap's linked: a choice of yes or no (no "(any)", which would read as both when it
    means the default); the link column shown only when some row has a link, its relations named in
    the page's language."""
    def headers(page: str) -> list[str]:
        return re.findall(r'<th title="(\w+)"', page)

    status, _, body = fetch(f"{server}/queries/vertical-overlap?country=terr%3Auk&lang=fr")
    page = body.decode()
    assert status == 200 and "link" not in headers(page)  # no linked pair asked for: an empty column
    select = page[page.index('<select id="param-linked"'):]
    select = select[:select.index("</select>")]
    assert re.findall(r'<option value="(\w*)"', select) == ["true", "false"]
    assert '<option value="false" selected>non</option>' in select
    status, _, body = fetch(f"{server}/queries/vertical-overlap?country=terr%3Auk&linked=true&lang=fr")
    page = html_unescape(body.decode())
    assert status == 200 and "link" in headers(page) and "lien de coordination (← tenu par l'instance supérieure)" in page
    cells = re.findall(r"<td>(?:<span[^>]*>)?([^<]*)(?:</span>)?</td>", page)
    assert {"coopère avec", "← appuie (type d'instance)"} in [set(cell.split(" | ")) for cell in cells]
    assert '<option value="true" selected>oui</option>' in page


def _no_redirect(url: str) -> tuple[int, str]:
    """Status and Location of one GET, without following a redirect."""
    import http.client

    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("GET", f"{address.path}?{address.query}")
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location") or ""


def test_a_name_in_a_form_leads_to_the_page_of_its_iri_which_the_form_shows_by_name(server):
    status, location = _no_redirect(f"{server}/queries/partnership-load?"
                                    + urllib.parse.urlencode({"territory": "Rhône", "lang": "fr"}))
    assert status == 303 and location == "/queries/partnership-load?territory=tfrd%3A69&lang=fr"
    status, _, body = fetch(server + location)
    page = body.decode()
    assert status == 200 and 'value="Rhône"' in page and 'value="tfrd:69"' not in page
    assert 'placeholder="tfrd:69"' not in page and "nom ou code" in page
    assert "Lyon" in page  # the Rhône's rows
    # the downloads and scripts take names too, without a redirect
    status, _, csv_body = fetch(f"{server}/queries/partnership-load.csv?territory=69")
    assert status == 200 and csv_body.decode().count("https://w3id.org/psgraph/id/territory/fr/departement/69") > 1


def test_a_name_of_several_things_is_offered_as_a_choice_and_of_none_with_suggestions(server):
    status, _, body = fetch(f"{server}/queries/partnership-load?territory=Saint-Denis&lang=fr")
    page = body.decode()
    assert status == 400 and "désigne 4 territoires" in page and "Choisissez l&#39;un d&#39;eux" in page
    assert page.count('href="?territory=tfrc%3A') == 4 and 'href="?territory=tfrc%3A93066&amp;lang=fr"' in page
    status, _, body = fetch(f"{server}/queries/statutory-gaps?body_type=CLSPF&lang=en")
    page = body.decode()
    assert status == 400 and "matches no body type; did you mean" in page and "Did you mean:" in page
    status, _, body = fetch(f"{server}/queries/statutory-gaps.csv?body_type=CLSPF&lang=fr")
    assert status == 400 and body.decode().startswith("Paramètre body_type : « CLSPF » ne correspond à aucun")


def test_choices_offered_in_a_form_are_names_that_read_back(server, real_project):
    from psgraph.paramnames import ParamNames

    names = ParamNames.of_build(real_project.store_link.resolve())
    catalogue = load_catalogue(real_project)
    for query, param in (("statutory-gaps", "body_type"), ("findings", "kind"), ("findings", "level"),
                         ("vertical-overlap", "country"), ("level-chain-gaps", "domain")):
        _, _, body = fetch(f"{server}/queries/{query}?lang=fr")
        values = re.findall(rf'<datalist id="choices-{param}">(.*?)</datalist>', body.decode(), re.S)[0]
        offered = [html_unescape(v) for v in re.findall(r'<option value="([^"]*)"', values)]
        assert offered and not any(":" in value and " " not in value for value in offered)  # no compact IRIs
        for value in offered:
            assert names.resolve(catalogue[query], {param: value})[param] != value
