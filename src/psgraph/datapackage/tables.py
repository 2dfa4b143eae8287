"""The tidy tables of the data package: for each, the SPARQL query that reads it from the graph and
its columns — type, what the column holds (the ontology property whose definition the codebook
quotes), vocabulary, keys.

Column kinds: ``iri`` (the resource's IRI), ``code`` (a concept of a controlled vocabulary, written
as its code: the local name of its IRI, psg:National → National), ``label`` (the label of the
column ``of`` in ``lang``), ``text``, ``date``, ``integer``, ``number``, ``boolean``, ``id`` (a key
for a resource the graph leaves without an IRI — a membership, a mandate — derived from its content
so that it stays the same from build to build while the content does), and ``ref`` (the ``id`` of
such a resource in another table), ``active`` (whether the resource is active on the build date, from
its ``active_from`` and ``active_until``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from psgraph.i18n import N_
from psgraph.prefixes import PREFIXES

HEAD = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n"
               for name in ("psg", "org", "eli", "skos", "dcterms", "rdf", "rdfs"))


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # iri, code, label, text, date, integer, number, boolean, id, ref, active
    description: str = ""  # said when no property defines the column
    prop: str = ""  # the property (compact IRI) whose definition describes the column
    scheme: str = ""  # code: the concept scheme (compact IRI) the values come from
    of: str = ""  # label: the IRI column labelled; ref: the table whose id it holds
    lang: str = ""  # label: en or fr
    required: bool = False
    references: tuple[str, str] = ("", "")  # (table, column) of a foreign key

    @property
    def frictionless_type(self) -> str:
        return {"date": "date", "integer": "integer", "number": "number", "boolean": "boolean",
                "active": "boolean"}.get(self.kind, "string")


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    query: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("iri",)
    node: str = ""  # a query variable holding a blank node: the id column names it for ref columns
    hidden: tuple[str, ...] = field(default_factory=tuple)  # query variables that only shape the id

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _iri(name: str, description: str = "", prop: str = "", required: bool = False,
         references: tuple[str, str] = ("", "")) -> Column:
    return Column(name, "iri", description, prop, required=required, references=references)


def _labels(of: str = "iri") -> tuple[Column, Column]:
    prefix = "" if of == "iri" else f"{of}_"
    return (Column(f"{prefix}label_en", "label", f"the English label of {of}", of=of, lang="en"),
            Column(f"{prefix}label_fr", "label", f"the French label of {of}", of=of, lang="fr"))


def _code(name: str, scheme: str, prop: str = "", description: str = "") -> Column:
    return Column(name, "code", description, prop, scheme=scheme)


def _of_mandates(what: str, scheme: str, title: str, description: str) -> Table:
    """A long table of one many-valued property of the mandates (their domains, their functions)."""
    return Table(
        f"mandate_{what}s", title, description,
        HEAD + f"SELECT ?mandate ?{what} WHERE {{ ?mandate a psg:Mandate ; psg:{what} ?{what} }}",
        (Column("mandate", "ref", of="mandates", required=True, references=("mandates", "id"),
                description=N_("the mandate (its id in mandates)")),
         _code(what, scheme, f"psg:{what}")),
        key=("mandate", what),
    )


_IRI = _iri("iri", N_("the resource's identifier in the graph (its page: the same IRI)"), required=True)
_DATES = (Column("start_date", "date", prop="psg:startDate"), Column("end_date", "date", prop="psg:endDate"))
_BODY = ("bodies", "iri")
_TYPE = ("body_types", "iri")
_TERRITORY = ("territories", "iri")
_DOCUMENT = ("documents", "iri")
_ROLE = _code("role", "org:Role",
              description=N_("the role (W3C ORG's org:role): chair, member, secretariat …"))

TABLES: tuple[Table, ...] = (
    Table(
        "bodies", N_("Bodies, instruments and institutions"),
        N_("Every partnership body, instrument (contract, plan, fund, programme) and institution the graph "
        "records, one row each: the de facto layer, with the body type it instantiates (the de jure layer)."),
        HEAD + """SELECT ?iri ?body_type ?institution ?country ?level ?form ?start_date ?end_date
              ?start_precision ?end_precision ?informal ?record_basis ?chaired_by ?parent_body
              ?established_by ?instituted_by ?active_from ?active_until WHERE {
          { ?iri a ?body_type . ?body_type a psg:BodyType BIND(false AS ?institution) }
          UNION { ?iri a psg:Institution BIND(true AS ?institution) }
          OPTIONAL { ?iri psg:jurisdiction ?country } OPTIONAL { ?iri psg:level ?level }
          OPTIONAL { ?iri psg:form ?form } OPTIONAL { ?iri psg:startDate ?start_date }
          OPTIONAL { ?iri psg:endDate ?end_date } OPTIONAL { ?iri psg:startPrecision ?start_precision }
          OPTIONAL { ?iri psg:endPrecision ?end_precision } OPTIONAL { ?iri psg:informal ?informal }
          OPTIONAL { ?iri psg:recordBasis ?record_basis } OPTIONAL { ?iri psg:chairedBy ?chaired_by }
          OPTIONAL { ?iri psg:subBodyOf ?parent_body } OPTIONAL { ?iri psg:establishedBy ?established_by }
          OPTIONAL { ?iri psg:institutedBy ?instituted_by }
          OPTIONAL { ?iri psg:activeFrom ?active_from } OPTIONAL { ?iri psg:activeUntil ?active_until }
        } ORDER BY ?iri""",
        (_IRI, *_labels(),
         _iri("body_type", N_("the body type the body instantiates; empty for an institution"),
              references=_TYPE),
         *_labels("body_type"),
         Column("institution", "boolean",
                N_("true for an institution (a police force, an agency) rather than "
                "a partnership body or instrument")),
         _iri("country", prop="psg:jurisdiction", references=_TERRITORY), *_labels("country"),
         _code("level", "psg:LevelScheme", "psg:level"), _code("form", "psg:FormScheme", "psg:form"),
         *_DATES,
         Column("active", "active", N_("true when the body is active on the date the graph was built (its "
                "start, if known, on or before that date and its end, if any, after it): count these "
                "for what exists now, every row for what has ever existed"), required=True),
         _code("start_precision", "psg:PrecisionScheme", "psg:startPrecision"),
         _code("end_precision", "psg:PrecisionScheme", "psg:endPrecision"),
         Column("informal", "boolean", prop="psg:informal"),
         _code("record_basis", "psg:RecordBasisScheme", "psg:recordBasis"),
         _iri("chaired_by", prop="psg:chairedBy"),
         _iri("parent_body", prop="psg:subBodyOf", references=_BODY),
         _iri("established_by", prop="psg:establishedBy", references=_DOCUMENT),
         _iri("instituted_by", prop="psg:institutedBy", references=("obligations", "iri"))),
    ),
    Table(
        "body_territories", N_("Territories of competence"),
        N_("The territory or territories on which each body is competent (one row per body and territory)."),
        HEAD + """SELECT ?body ?territory WHERE {
          { ?body a ?type . ?type a psg:BodyType } UNION { ?body a psg:Institution }
          ?body psg:territory ?territory } ORDER BY ?body ?territory""",
        (_iri("body", N_("the body"), required=True, references=_BODY),
         _iri("territory", prop="psg:territory", required=True, references=_TERRITORY),
         *_labels("territory")),
        key=("body", "territory"),
    ),
    Table(
        "body_types", N_("Body types"),
        N_("The kinds of body each country's law or policy sets up (the de jure layer): what the law says "
        "every body of the type is, where and since when."),
        HEAD + """SELECT ?iri ?definition_en ?country ?level ?form ?start_date ?end_date ?established_by
        WHERE { ?iri a psg:BodyType .
          OPTIONAL { ?iri skos:definition ?definition_en FILTER(LANG(?definition_en) = "en") }
          OPTIONAL { ?iri psg:typeJurisdiction ?country } OPTIONAL { ?iri psg:typeLevel ?level }
          OPTIONAL { ?iri psg:form ?form } OPTIONAL { ?iri psg:startDate ?start_date }
          OPTIONAL { ?iri psg:endDate ?end_date } OPTIONAL { ?iri psg:establishedBy ?established_by }
        } ORDER BY ?iri""",
        (_IRI, *_labels(), Column("definition_en", "text", N_("the type's definition, in English")),
         _iri("country", prop="psg:typeJurisdiction", references=_TERRITORY),
         _code("level", "psg:LevelScheme", "psg:typeLevel"), _code("form", "psg:FormScheme", "psg:form"),
         *_DATES, _iri("established_by", prop="psg:establishedBy", references=_DOCUMENT)),
    ),
    Table(
        "actors", N_("Offices and organisations"),
        N_("The offices (prefect, mayor, public prosecutor …) and organisations that sit on bodies, with who "
        "holds them: elected, appointed or judicial."),
        HEAD + """SELECT ?iri ?class ?authority_kind ?actor_kind WHERE {
          { ?iri a psg:Office BIND("office" AS ?class) }
          UNION { ?iri a org:Organization BIND("organisation" AS ?class)
                  FILTER NOT EXISTS { ?iri a psg:Office } FILTER NOT EXISTS { ?iri a psg:Institution } }
          OPTIONAL { ?iri psg:authorityKind ?authority_kind } OPTIONAL { ?iri psg:actorKind ?actor_kind }
        } ORDER BY ?iri""",
        (_IRI, *_labels(), Column("class", "text", N_("office or organisation")),
         _code("authority_kind", "psg:AuthorityKindScheme", "psg:authorityKind"),
         _code("actor_kind", "psg:ActorKindScheme", "psg:actorKind")),
    ),
    Table(
        "memberships", N_("Memberships"),
        N_("Who sits on which body, in what role and on what kind of seat, from when to when (one row per "
        "recorded membership, W3C ORG's org:Membership)."),
        HEAD + """SELECT ?node ?body ?member ?role ?seat_kind ?start_date ?end_date WHERE {
          ?node a org:Membership ; org:organization ?body ; org:member ?member ; org:role ?role .
          OPTIONAL { ?node psg:seatKind ?seat_kind } OPTIONAL { ?node psg:startDate ?start_date }
          OPTIONAL { ?node psg:endDate ?end_date } } ORDER BY ?body ?member ?role ?start_date""",
        (Column("id", "id", N_("a key of the membership, derived from its content"), required=True),
         _iri("body", N_("the body the member sits on (W3C ORG's org:organization)"), required=True,
              references=_BODY),
         _iri("member", N_("the office, organisation or body that holds the seat (see actors and bodies)"),
              required=True),
         *_labels("member"),
         _ROLE,
         _code("seat_kind", "psg:SeatKindScheme", "psg:seatKind"), *_DATES),
        key=("id",), node="node",
    ),
    Table(
        "seat_requirements", N_("Statutory seats"),
        N_("The seats the law requires on every body of a type: who must sit, in what role, under which "
        "text, from when to when."),
        HEAD + """SELECT ?node ?body_type ?holder ?role ?legal_basis ?start_date ?end_date WHERE {
          ?body_type psg:requiresMember ?node . ?node psg:seatHolder ?holder ; org:role ?role .
          OPTIONAL { ?node psg:legalBasis ?legal_basis } OPTIONAL { ?node psg:startDate ?start_date }
          OPTIONAL { ?node psg:endDate ?end_date } } ORDER BY ?body_type ?holder ?role ?start_date""",
        (Column("id", "id", N_("a key of the statutory seat, derived from its content"), required=True),
         _iri("body_type", prop="psg:requiresMember", required=True, references=_TYPE),
         _iri("holder", prop="psg:seatHolder", required=True), *_labels("holder"),
         _ROLE,
         _iri("legal_basis", prop="psg:legalBasis", references=_DOCUMENT), *_DATES),
        key=("id",), node="node",
    ),
    Table(
        "mandates", N_("Mandates"),
        N_("What a body or body type is charged with, at which level and in which country, under which text "
        "and when; its domains and functions are in mandate_domains and mandate_functions."),
        HEAD + """SELECT ?node ?holder ?holder_table ?level ?country ?legal_basis ?start_date ?end_date
              ?signature WHERE {
          { ?holder psg:hasMandate ?node BIND("bodies" AS ?holder_table) }
          UNION { ?holder psg:typeMandate ?node BIND("body_types" AS ?holder_table) }
          OPTIONAL { ?node psg:mandateLevel ?level } OPTIONAL { ?node psg:mandateJurisdiction ?country }
          OPTIONAL { ?node psg:legalBasis ?legal_basis } OPTIONAL { ?node psg:startDate ?start_date }
          OPTIONAL { ?node psg:endDate ?end_date }
          { SELECT ?node (GROUP_CONCAT(STR(?what); separator=" ") AS ?signature) WHERE {
              ?node a psg:Mandate . OPTIONAL { ?node psg:domain|psg:function ?what } } GROUP BY ?node }
        } ORDER BY ?holder ?start_date ?signature""",
        (Column("id", "id", N_("a key of the mandate, derived from its content"), required=True),
         _iri("holder", N_("the body (hasMandate) or body type (typeMandate) that holds the mandate"),
              required=True),
         Column("holder_table", "text", N_("where the holder is described: bodies or body_types")),
         _code("level", "psg:LevelScheme", "psg:mandateLevel"),
         _iri("country", prop="psg:mandateJurisdiction", references=_TERRITORY),
         _iri("legal_basis", prop="psg:legalBasis", references=_DOCUMENT), *_DATES),
        key=("id",), node="node", hidden=("signature",),
    ),
    _of_mandates("domain", "psg:DomainScheme", N_("Domains of the mandates"),
                 N_("The policy domains of each mandate (one row per mandate and domain).")),
    _of_mandates("function", "psg:FunctionScheme", N_("Functions of the mandates"),
                 N_("What each mandate charges its holder to do — steer, coordinate, fund, advise … (one row "
                 "per mandate and function).")),
    Table(
        "documents", N_("Legal texts and policy documents"),
        N_("The acts, decrees, codes' articles, circulars, treaties and policy documents the graph cites, "
        "with their official identifiers."),
        HEAD + """SELECT ?iri ?title ?document_type ?date ?official_number ?eli ?nor ?celex ?in_force WHERE {
          { ?iri a eli:LegalResource } UNION { ?iri a psg:PolicyDocument }
          OPTIONAL { ?iri eli:title|dcterms:title ?title }
          OPTIONAL { ?iri eli:type_document ?document_type }
          OPTIONAL { ?iri eli:date_document|dcterms:date ?raw_date } BIND(STR(?raw_date) AS ?date)
          OPTIONAL { ?iri psg:officialNumber ?official_number } OPTIONAL { ?iri psg:eli ?eli }
          OPTIONAL { ?iri psg:nor ?nor } OPTIONAL { ?iri psg:celex ?celex }
          OPTIONAL { ?iri eli:in_force ?in_force_iri }
          BIND(REPLACE(STR(?in_force_iri), "^.*InForce-", "") AS ?in_force)
        } ORDER BY ?iri""",
        (_IRI, *_labels(), Column("title", "text", N_("the official title, in the text's language")),
         _code("document_type", "psg:DocumentTypeScheme", description=N_("the kind of document (ELI's "
               "eli:type_document): act, decree, circular, code article, treaty, report …")),
         Column("date", "text", N_("the date of the document: YYYY-MM-DD, or YYYY-MM or YYYY where only "
                "that is known")),
         Column("official_number", "text", prop="psg:officialNumber"), Column("eli", "text", prop="psg:eli"),
         Column("nor", "text", prop="psg:nor"), Column("celex", "text", prop="psg:celex"),
         Column("in_force", "text",
                N_("inForce or notInForce (ELI's eli:in_force), empty when not recorded"))),
    ),
    Table(
        "document_links", N_("Links between documents and to their authors"),
        N_("What each document amends, repeals, is based on, cites, is part of, establishes, and who passed "
        "or wrote it (one row per link)."),
        HEAD + """SELECT ?document ?relation ?target WHERE {
          VALUES (?p ?relation) { (eli:amends "amends") (eli:repeals "repeals") (eli:based_on "based_on")
            (eli:cites "cites") (eli:is_part_of "is_part_of") (psg:establishes "establishes")
            (eli:passed_by "passed_by") (dcterms:creator "creator") }
          { ?document a eli:LegalResource } UNION { ?document a psg:PolicyDocument }
          ?document ?p ?target FILTER(isIRI(?target)) } ORDER BY ?document ?relation ?target""",
        (_iri("document", N_("the document"), required=True, references=_DOCUMENT),
         Column("relation", "text", N_("amends, repeals, based_on, cites, is_part_of (ELI); establishes (the "
                "body or type it sets up); passed_by, creator (its author)"), required=True),
         _iri("target", N_("the document, body, type or author linked"), required=True), *_labels("target")),
        key=("document", "relation", "target"),
    ),
    Table(
        "legal_bases", N_("Legal bases"),
        N_("The texts each body, body type and obligation rests on (legal_basis) or was set up by "
        "(established_by)."),
        HEAD + """SELECT ?subject ?subject_table ?relation ?document WHERE {
          VALUES (?p ?relation) { (psg:legalBasis "legal_basis") (psg:establishedBy "established_by") }
          { ?subject a ?type . ?type a psg:BodyType BIND("bodies" AS ?subject_table) }
          UNION { ?subject a psg:Institution BIND("bodies" AS ?subject_table) }
          UNION { ?subject a psg:BodyType BIND("body_types" AS ?subject_table) }
          UNION { ?subject a psg:StatutoryObligation BIND("obligations" AS ?subject_table) }
          ?subject ?p ?document } ORDER BY ?subject ?relation ?document""",
        (_iri("subject", N_("the body, body type or obligation"), required=True),
         Column("subject_table", "text", N_("where the subject is described: bodies, body_types or "
                "obligations"), required=True),
         Column("relation", "text", N_("legal_basis (psg:legalBasis) or established_by (psg:establishedBy)"),
                required=True),
         _iri("document", N_("the legal text or policy document"), required=True, references=_DOCUMENT),
         *_labels("document")),
        key=("subject", "relation", "document"),
    ),
    Table(
        "change_events", N_("Change events"),
        N_("Replacements, renamings, mergers, extensions and dissolutions of bodies and body types, with the "
        "old and new names of a renaming."),
        HEAD + """SELECT ?node ?kind ?date ?date_precision ?original ?resulting ?name_before ?name_after
              ?partial WHERE {
          ?node a org:ChangeEvent ; psg:eventType ?kind ; psg:date ?date .
          OPTIONAL { ?node psg:startPrecision ?date_precision }
          OPTIONAL { ?node org:originalOrganization|psg:originalType ?original }
          OPTIONAL { ?node org:resultingOrganization|psg:resultingType ?resulting }
          OPTIONAL { ?node psg:nameBefore ?name_before } OPTIONAL { ?node psg:nameAfter ?name_after }
          OPTIONAL { ?node psg:partial ?partial } } ORDER BY ?date ?original ?resulting""",
        (Column("id", "id", N_("a key of the event, derived from its content"), required=True),
         *_labels("id"),
         _code("kind", "psg:ChangeScheme", "psg:eventType"), Column("date", "date", prop="psg:date"),
         _code("date_precision", "psg:PrecisionScheme", "psg:startPrecision"),
         _iri("original", N_("the body or body type before the change")),
         _iri("resulting", N_("the body or body type after the change")),
         Column("name_before", "text", prop="psg:nameBefore"),
         Column("name_after", "text", prop="psg:nameAfter"),
         Column("partial", "boolean", prop="psg:partial")),
        key=("id",), node="node",
    ),
    Table(
        "territories", N_("Territories"),
        N_("The territorial backbone: communes, EPCI, départements, régions, districts, police areas, "
        "nations, countries, the EU — with their official codes and legal populations."),
        HEAD + """SELECT ?iri ?level ?insee_code ?siren_code ?gss_code ?nuts_code ?iso_code ?legal_population
              ?start_date WHERE { ?iri a psg:Territory .
          OPTIONAL { ?iri psg:territoryLevel ?level } OPTIONAL { ?iri psg:inseeCode ?insee_code }
          OPTIONAL { ?iri psg:sirenCode ?siren_code } OPTIONAL { ?iri psg:gssCode ?gss_code }
          OPTIONAL { ?iri psg:nutsCode ?nuts_code } OPTIONAL { ?iri psg:isoCode ?iso_code }
          OPTIONAL { ?iri psg:legalPopulation ?legal_population } OPTIONAL { ?iri psg:startDate ?start_date }
        } ORDER BY ?iri""",
        (_IRI, *_labels(), _code("level", "psg:LevelScheme", "psg:territoryLevel"),
         Column("insee_code", "text", prop="psg:inseeCode"),
         Column("siren_code", "text", prop="psg:sirenCode"),
         Column("gss_code", "text", prop="psg:gssCode"), Column("nuts_code", "text", prop="psg:nutsCode"),
         Column("iso_code", "text", prop="psg:isoCode"),
         Column("legal_population", "integer", prop="psg:legalPopulation"),
         Column("start_date", "date", prop="psg:startDate")),
    ),
    Table(
        "territory_within", N_("Territories within territories"),
        N_("Which territory lies within which, as the sources state it (a commune within its EPCI and "
        "département, a département within its région …); a territory lies within every territory "
        "reached by following these rows upwards."),
        HEAD + """SELECT ?territory ?parent WHERE { ?territory a psg:Territory ; psg:within ?parent }
        ORDER BY ?territory ?parent""",
        (_iri("territory", N_("the territory"), required=True, references=_TERRITORY),
         _iri("parent", prop="psg:within", required=True, references=_TERRITORY)),
        key=("territory", "parent"),
    ),
    Table(
        "obligations", N_("Statutory obligations"),
        N_("The rules that require (an authority must create it) or institute (the text creates it) a body "
        "type on every territory of a kind, above a population, from a date."),
        HEAD + """SELECT ?iri ?body_type ?rule_kind ?obliged_level ?obliged_within ?obliged_territory_type
              ?population_above ?start_date ?end_date ?replaces WHERE { ?iri a psg:StatutoryObligation .
          OPTIONAL { ?iri psg:obligedBodyType ?body_type } OPTIONAL { ?iri psg:ruleKind ?rule_kind }
          OPTIONAL { ?iri psg:obligedLevel ?obliged_level }
          OPTIONAL { ?iri psg:obligedWithin ?obliged_within }
          OPTIONAL { ?iri psg:obligedTerritoryType ?obliged_territory_type }
          OPTIONAL { ?iri psg:populationAbove ?population_above } OPTIONAL { ?iri psg:startDate ?start_date }
          OPTIONAL { ?iri psg:endDate ?end_date } OPTIONAL { ?iri dcterms:replaces ?replaces }
        } ORDER BY ?iri""",
        (_IRI, *_labels(), _iri("body_type", prop="psg:obligedBodyType", references=_TYPE),
         _code("rule_kind", "psg:RuleKindScheme", "psg:ruleKind"),
         _code("obliged_level", "psg:LevelScheme", "psg:obligedLevel"),
         _iri("obliged_within", prop="psg:obligedWithin", references=_TERRITORY),
         _iri("obliged_territory_type", prop="psg:obligedTerritoryType"),
         Column("population_above", "integer", prop="psg:populationAbove"), *_DATES,
         _iri("replaces", N_("the earlier version of the rule this one replaces"),
              references=("obligations", "iri"))),
    ),
    Table(
        "equivalences", N_("Functional equivalences"),
        N_("Body types of different countries that do the same job, with what differs (psg:Equivalence), "
        "and the SKOS matches between types."),
        HEAD + """SELECT ?type_a ?relation ?type_b ?equivalence ?note WHERE {
          { ?equivalence a psg:Equivalence ; psg:typeA ?type_a ; psg:typeB ?type_b
            BIND("equivalence" AS ?relation)
            OPTIONAL { ?equivalence skos:note ?note FILTER(LANG(?note) = "en") } }
          UNION { VALUES (?p ?relation) {
                    (skos:closeMatch "close_match") (skos:relatedMatch "related_match") }
                  ?type_a a psg:BodyType ; ?p ?type_b } } ORDER BY ?type_a ?type_b ?relation""",
        (_iri("type_a", N_("a body type"), required=True), *_labels("type_a"),
         Column("relation", "text",
                N_("equivalence (a psg:Equivalence), close_match or related_match (SKOS)"),
                required=True),
         _iri("type_b", N_("the body type it is matched with"), required=True), *_labels("type_b"),
         _iri("equivalence", N_("the psg:Equivalence that describes the match, when there is one")),
         Column("note", "text", N_("what differs between the two, in English"))),
        key=("type_a", "relation", "type_b"),
    ),
    Table(
        "findings", N_("Findings of the literature"),
        N_("The literature's assessments as data: gaps, mismatches between levels, overlaps, duplications, "
        "good practice … each with its kind; what it is about is in finding_links, its quote in citations."),
        HEAD + """SELECT ?iri ?kind WHERE { ?iri a psg:Finding OPTIONAL { ?iri psg:findingKind ?kind } }
        ORDER BY ?iri""",
        (_IRI, *_labels(), _code("kind", "psg:FindingKindScheme", "psg:findingKind")),
    ),
    Table(
        "finding_links", N_("What the findings concern"),
        N_("The bodies, types, offices or laws each finding is about, and the levels and countries it "
        "concerns (one row per link)."),
        HEAD + """SELECT ?finding ?relation ?target WHERE {
          VALUES (?p ?relation) { (psg:about "about") (psg:concernsLevel "level")
            (psg:concernsJurisdiction "country") }
          ?finding a psg:Finding ; ?p ?target } ORDER BY ?finding ?relation ?target""",
        (_iri("finding", N_("the finding"), required=True, references=("findings", "iri")),
         Column("relation", "text", N_("about (psg:about), level (psg:concernsLevel) or country "
                "(psg:concernsJurisdiction)"), required=True),
         _iri("target", N_("what the finding concerns"), required=True), *_labels("target")),
        key=("finding", "relation", "target"),
    ),
    Table(
        "role_conferrals", N_("Roles the texts confer"),
        N_("The roles a legal text gives an office (the 2007 Act makes the mayor the lead of local "
        "crime-prevention policy)."),
        HEAD + """SELECT ?node ?document ?office ?role WHERE {
          ?document psg:confersRole ?node . ?node psg:office ?office ; org:role ?role }
        ORDER BY ?document ?office""",
        (Column("id", "id", N_("a key of the conferral, derived from its content"), required=True),
         _iri("document", N_("the text that confers the role"), required=True, references=_DOCUMENT),
         _iri("office", prop="psg:office", required=True), *_labels("office"),
         _ROLE),
        key=("id",), node="node",
    ),
    Table(
        "disagreements", N_("Disagreements between sources"),
        N_("Points where the seed texts and the public record disagree (a date, a name, a number): both "
        "sides are kept, each claim with its source in claims."),
        HEAD + """SELECT ?iri ?about ?aspect WHERE { ?iri a psg:Disagreement .
          OPTIONAL { ?iri psg:about ?about } OPTIONAL { ?iri psg:aspect ?aspect } } ORDER BY ?iri""",
        (_IRI, *_labels(), _iri("about", N_("what the sources disagree about"), prop="psg:about"),
         _iri("aspect", prop="psg:aspect")),
    ),
    Table(
        "claims", N_("Claims of a disagreement"),
        N_("What each side of a disagreement claims; its source is in citations."),
        HEAD + """SELECT ?node ?disagreement ?claimed_value WHERE {
          ?disagreement a psg:Disagreement ; psg:claim ?node .
          OPTIONAL { ?node psg:claimedValue ?claimed_value }
        } ORDER BY ?disagreement ?claimed_value""",
        (Column("id", "id", N_("a key of the claim, derived from its content"), required=True),
         _iri("disagreement", N_("the disagreement the claim is a side of"), required=True,
              references=("disagreements", "iri")),
         Column("claimed_value", "text", prop="psg:claimedValue")),
        key=("id",), node="node",
    ),
    Table(
        "stated_figures", N_("Figures the sources state"),
        N_("What a source says about a territory at a date — how many bodies of a type it has, or what "
        "number or share of its population, communes or inter-municipal bodies they cover — kept as "
        "stated, to compare with what the graph records; the types counted are in stated_figure_types, "
        "the source in citations."),
        HEAD + """SELECT ?node ?territory ?measure ?stated_value ?out_of ?as_of ?as_of_precision ?signature
        WHERE {
          ?node a psg:StatedFigure ; psg:figureAbout ?territory .
          OPTIONAL { ?node psg:measure ?measure } OPTIONAL { ?node psg:statedValue ?stated_value }
          OPTIONAL { ?node psg:outOf ?out_of } OPTIONAL { ?node psg:asOf ?as_of }
          OPTIONAL { ?node psg:asOfPrecision ?as_of_precision }
          { SELECT ?node (GROUP_CONCAT(STR(?type); separator=" ") AS ?signature) WHERE {
              ?node a psg:StatedFigure . OPTIONAL { ?node psg:countsType ?type } } GROUP BY ?node }
        } ORDER BY ?territory ?as_of ?measure ?stated_value ?signature""",
        (Column("id", "id", N_("a key of the stated figure, derived from its content"), required=True),
         _iri("territory", prop="psg:figureAbout", required=True, references=_TERRITORY),
         *_labels("territory"),
         _code("measure", "psg:MeasureScheme", "psg:measure"),
         Column("stated_value", "number", prop="psg:statedValue"),
         Column("out_of", "number", prop="psg:outOf"), Column("as_of", "date", prop="psg:asOf"),
         _code("as_of_precision", "psg:PrecisionScheme", "psg:asOfPrecision")),
        key=("id",), node="node", hidden=("signature",),
    ),
    Table(
        "stated_figure_types", N_("Types of body a stated figure counts"),
        N_("The body types each stated figure counts (one row per figure and type: several when the "
        "source counts them together)."),
        HEAD + """SELECT ?figure ?body_type WHERE { ?figure a psg:StatedFigure ; psg:countsType ?body_type }
        ORDER BY ?body_type""",
        (Column("figure", "ref", of="stated_figures", required=True, references=("stated_figures", "id"),
                description=N_("the stated figure (its id in stated_figures)")),
         _iri("body_type", prop="psg:countsType", required=True, references=_TYPE), *_labels("body_type")),
        key=("figure", "body_type"),
    ),
    Table(
        "sources", N_("Sources"),
        N_("The seed texts of the literature and the official datasets that citations point to (legal "
        "texts cited as sources are in documents)."),
        HEAD + """SELECT ?iri ?class ?title ?version ?license WHERE {
          { ?iri a psg:SeedText BIND("seed_text" AS ?class) }
          UNION { ?iri a psg:Dataset BIND("dataset" AS ?class) }
          OPTIONAL { ?iri dcterms:title ?title } OPTIONAL { ?iri dcterms:hasVersion ?version }
          OPTIONAL { ?iri dcterms:license ?license_term } BIND(STR(?license_term) AS ?license)
        } ORDER BY ?iri""",
        (_IRI, *_labels(), Column("class", "text", N_("seed_text or dataset")),
         Column("title", "text", N_("the title of the text or dataset")),
         Column("version", "text", N_("the dataset's version or vintage")),
         Column("license", "text", N_("the dataset's licence"))),
    ),
    Table(
        "citations", N_("Citations"),
        N_("The evidence for every fact: the source (a seed text, a dataset or a legal text), the verbatim "
        "quote from a seed text, the article or page, and the confidence where it is not high."),
        HEAD + """SELECT ?subject ?source ?quote ?locator ?confidence ?actors_named WHERE {
          ?subject psg:citation ?citation . ?citation dcterms:source ?source .
          OPTIONAL { ?citation psg:quote ?quote } OPTIONAL { ?citation psg:locator ?locator }
          OPTIONAL { ?citation psg:confidence ?confidence }
          OPTIONAL { ?citation psg:actorsNamed ?actors_named }
        } ORDER BY ?subject ?source ?locator ?quote""",
        (Column("id", "id", N_("a key of the citation, derived from its content"), required=True),
         Column("subject", "text", N_("what the citation supports: an IRI, or the id of a membership, "
                "statutory seat, mandate, change event, role conferral, claim or stated figure"),
                required=True),
         _iri("source", N_("the seed text, dataset or legal text cited"), prop="", required=True),
         Column("quote", "text", prop="psg:quote"), Column("locator", "text", prop="psg:locator"),
         _code("confidence", "psg:ConfidenceScheme", "psg:confidence"),
         Column("actors_named", "text", prop="psg:actorsNamed")),
        key=("id",),
    ),
)

VOCABULARY = Table(
    "vocabulary", N_("Codes of the controlled vocabularies"),
    N_("Every code used in a code column: its vocabulary, its labels in English and French, its definition "
    "and, for the levels of governance, its rank from the widest (1) down."),
    HEAD + """SELECT ?code ?scheme ?iri ?definition_en ?rank WHERE {
      { ?iri skos:inScheme ?scheme } UNION { ?iri a org:Role BIND(org:Role AS ?scheme) }
      BIND(?iri AS ?code)
      OPTIONAL { ?iri skos:definition ?definition_en FILTER(LANG(?definition_en) = "en") }
      OPTIONAL { ?iri psg:levelRank ?rank } } ORDER BY ?scheme ?rank ?iri""",
    (Column("code", "code", N_("the code written in the tables"), required=True),
     Column("scheme", "code", N_("the vocabulary (concept scheme; Role for the roles of W3C ORG) the code "
            "belongs to"), required=True),
     _iri("iri", N_("the concept's identifier in the ontology"), required=True), *_labels(),
     Column("definition_en", "text", N_("the concept's definition, in English")),
     Column("rank", "integer", prop="psg:levelRank")),
    key=("scheme", "code"),
)
