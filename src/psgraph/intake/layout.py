"""The sheets of a curator's workbook and their columns: the one description that the template,
the reader, the help sheet and the export share."""

from __future__ import annotations

from dataclasses import dataclass

from psgraph.i18n import Text, text

# What a cell holds, and so how it is read: free text, a date, a number, yes/no, a URL, or a name to
# reconcile with one kind of resource of the graph (see reconcile.py).
TEXT, DATE, NUMBER, FLAG, ID, URL = "text", "date", "number", "flag", "id", "url"
BODY_TYPE, TERRITORY, COUNTRY, LAW, ACTOR, SOURCE, BODY, TARGET = (
    "body type",
    "territory",
    "country",
    "legal text",
    "office or organisation",
    "source",
    "body",
    "body or body type",
)
LEVEL, DOMAIN, FUNCTION, ROLE, SEAT, PRECISION, CONFIDENCE = (
    "level",
    "domain",
    "function",
    "role",
    "kind of seat",
    "precision",
    "confidence",
)
TYPOLOGY, FREQUENCY, END_CONDITION, RELATION, CHANGE, DOCUMENT_TYPE, MEASURE, BODY_KIND = (
    "classification",
    "frequency",
    "end condition",
    "relation",
    "kind of change",
    "kind of document",
    "measure",
    "kind of organisation",
)
VOCABULARIES = (
    LEVEL,
    DOMAIN,
    FUNCTION,
    ROLE,
    SEAT,
    PRECISION,
    CONFIDENCE,
    TYPOLOGY,
    FREQUENCY,
    END_CONDITION,
    RELATION,
    CHANGE,
    DOCUMENT_TYPE,
    MEASURE,
    BODY_KIND,
)
# Not a column of the workbook: the kinds of finding, which a canned query's parameter takes.
FINDING_KIND = "kind of finding"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class KindName:
    """How a message names a kind of value, agreement included: "no territory" / "aucun territoire"."""

    none: Text
    plural: Text


KIND_NAMES: dict[str, KindName] = {
    BODY_TYPE: KindName(text("no body type"), text("body types")),
    TERRITORY: KindName(text("no territory"), text("territories")),
    COUNTRY: KindName(text("no country"), text("countries")),
    LAW: KindName(text("no legal text"), text("legal texts")),
    ACTOR: KindName(text("no office or organisation"), text("offices or organisations")),
    SOURCE: KindName(text("no source"), text("sources")),
    BODY: KindName(text("no body"), text("bodies")),
    TARGET: KindName(
        text("no body, body type, office or organisation"),
        text("bodies, body types, offices or organisations"),
    ),
    LEVEL: KindName(text("no level"), text("levels")),
    DOMAIN: KindName(text("no domain"), text("domains")),
    FUNCTION: KindName(text("no function"), text("functions")),
    ROLE: KindName(text("no role"), text("roles")),
    SEAT: KindName(text("no kind of seat"), text("kinds of seat")),
    PRECISION: KindName(text("no precision"), text("precisions")),
    CONFIDENCE: KindName(text("no confidence"), text("confidences")),
    TYPOLOGY: KindName(text("no classification"), text("classifications")),
    FREQUENCY: KindName(text("no frequency"), text("frequencies")),
    END_CONDITION: KindName(text("no end condition"), text("end conditions")),
    RELATION: KindName(text("no relation"), text("relations")),
    CHANGE: KindName(text("no kind of change"), text("kinds of change")),
    DOCUMENT_TYPE: KindName(text("no kind of document"), text("kinds of document")),
    MEASURE: KindName(text("no measure"), text("measures")),
    FINDING_KIND: KindName(text("no kind of finding"), text("kinds of finding")),
    BODY_KIND: KindName(text("no kind of organisation"), text("kinds of organisation")),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool
    en: str
    fr: str
    several: bool = False  # several values separated by ";"


@dataclass(frozen=True)
class Sheet:
    name: str
    en: str
    fr: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _dates(what_en: str, what_fr: str) -> tuple[Column, ...]:
    return (
        Column(
            "start_date",
            DATE,
            False,
            f"From when {what_en}, YYYY-MM-DD.",
            f"Depuis quand {what_fr}, AAAA-MM-JJ.",
        ),
        Column(
            "end_date",
            DATE,
            False,
            f"Until when {what_en}, YYYY-MM-DD; empty if it still holds.",
            f"Jusqu'à quand {what_fr}, AAAA-MM-JJ ; vide si c'est toujours le cas.",
        ),
    )


BODIES = Sheet(
    "bodies",
    "One row per body.",
    "Une ligne par instance.",
    (
        Column(
            "id",
            ID,
            True,
            "A short identifier you choose, unique in the country: lower case, digits and hyphens "
            "(clspd-avignon). It becomes the body's address in the graph.",
            "Un identifiant court de votre choix, unique dans le pays : minuscules, chiffres et tirets "
            "(clspd-avignon). Il devient l'adresse de l'instance dans le graphe.",
        ),
        Column("name_en", TEXT, True, "The body's name in English.", "Le nom de l'instance en anglais."),
        Column("name_fr", TEXT, True, "The body's name in French.", "Le nom de l'instance en français."),
        Column(
            "other_names",
            TEXT,
            False,
            "Its name in other languages, each followed by @ and the language's code, separated by ; "
            "(Ynys Môn@cy; Det Kriminalpræventive Råd@da).",
            "Son nom dans d'autres langues, chacun suivi de @ et du code de la langue, séparés par ; "
            "(Ynys Môn@cy ; Det Kriminalpræventive Råd@da).",
            several=True,
        ),
        Column(
            "acronym",
            TEXT,
            False,
            "Its acronym or other short names, separated by ;",
            "Son sigle ou ses autres noms courts, séparés par ;",
            several=True,
        ),
        Column(
            "code",
            TEXT,
            False,
            "The code an official register gives it (the ONS code of a CSP: E22000027).",
            "Le code qu'un registre officiel lui donne (le code ONS d'un CSP : E22000027).",
        ),
        Column(
            "type",
            BODY_TYPE,
            True,
            "The kind of body: an acronym (CLSPD, CSP), a name in English or French.",
            "Le type d'instance : un sigle (CLSPD, CSP), un nom en anglais ou en français.",
        ),
        Column(
            "territory",
            TERRITORY,
            True,
            "Where it is competent: a name, with its département or county to tell "
            "places apart (Saint-Denis (93)), or an official code (INSEE, SIREN, GSS); several "
            "separated by ; for a body over several territories.",
            "Où elle est compétente : un nom, avec son département pour distinguer les homonymes "
            "(Saint-Denis (93)), ou un code officiel (INSEE, SIREN, GSS) ; plusieurs séparés par ; pour "
            "une instance sur plusieurs territoires.",
            several=True,
        ),
        Column(
            "level",
            LEVEL,
            False,
            "Its level of governance; the body type's level when left empty.",
            "Son niveau de gouvernance ; celui du type d'instance si vide.",
        ),
        Column(
            "country",
            COUNTRY,
            False,
            "France, United Kingdom, European Union, Denmark …; the body type's country when left empty.",
            "France, Royaume-Uni, Union européenne, Danemark … ; le pays du type d'instance si vide.",
        ),
        Column(
            "legal_basis",
            LAW,
            False,
            "The legal texts it rests on, separated by ;: an article (CSI L132-4), a law's number "
            "(Loi 2007-297), a NOR, ELI or CELEX. Leave empty and set informal to yes if there is none.",
            "Les textes sur lesquels elle repose, séparés par ; : un article (CSI L132-4), le numéro "
            "d'une loi (Loi 2007-297), un NOR, un ELI ou un CELEX. Laisser vide et mettre informal à "
            "oui s'il n'y en a pas.",
            several=True,
        ),
        Column(
            "established_by",
            LAW,
            False,
            "The text that created it, when it is not its legal basis (a decree, an order).",
            "Le texte qui l'a créée, s'il n'est pas son fondement juridique (un décret, un arrêté).",
        ),
        Column(
            "chair",
            ACTOR,
            False,
            "The office or organisation that chairs it (mayor, prefect …); list it in "
            "members too, with role chair.",
            "La fonction ou l'organisation qui la préside (maire, préfet …) ; "
            "l'inscrire aussi dans members, avec le rôle président.",
        ),
        Column(
            "start_date", DATE, False, "When it was created, YYYY-MM-DD.", "Sa date de création, AAAA-MM-JJ."
        ),
        Column(
            "start_precision",
            PRECISION,
            False,
            "How precise the start date is (year, month, day); day when empty.",
            "La précision de la date de création (année, mois, jour) ; jour si vide.",
        ),
        Column(
            "end_date",
            DATE,
            False,
            "When it ended, YYYY-MM-DD; empty if it still exists.",
            "Sa date de fin, AAAA-MM-JJ ; vide si elle existe encore.",
        ),
        Column(
            "end_precision",
            PRECISION,
            False,
            "How precise the end date is (year, month, day); day when empty.",
            "La précision de la date de fin (année, mois, jour) ; jour si vide.",
        ),
        Column(
            "informal",
            FLAG,
            False,
            "yes if it rests on no legal text.",
            "oui si elle ne repose sur aucun texte.",
        ),
        Column(
            "legal_basis_unknown",
            FLAG,
            False,
            "yes if the sources you read name no legal text for it and do not say it has none (neither a "
            "legal basis nor informal).",
            "oui si les sources lues ne lui donnent aucun texte et ne disent pas qu'elle n'en a pas (ni "
            "fondement juridique ni informal).",
        ),
        Column(
            "kind",
            BODY_KIND,
            False,
            "What kind of organisation it is: independent council, ministry, government agency, police, "
            "university, foundation or association.",
            "Sa nature : conseil indépendant, ministère, agence publique, police, université, fondation ou "
            "association.",
        ),
        Column(
            "classification",
            TYPOLOGY,
            False,
            "Where the literature's typologies place it (N8 types, design dimensions …), separated by ;",
            "Sa place dans les typologies de la littérature (types N8, dimensions …), séparées par ;",
            several=True,
        ),
        Column(
            "meets",
            FREQUENCY,
            False,
            "How often it meets or reports (monthly, annual …), when a source says so.",
            "Sa fréquence de réunion ou de compte rendu (mensuelle, annuelle …), si une source la donne.",
        ),
        Column(
            "end_condition",
            END_CONDITION,
            False,
            "What ends it, for a body created for a limited time (when its report is submitted …).",
            "Ce qui y met fin, pour une instance créée pour un temps (à la remise de son rapport …).",
        ),
        Column(
            "notes",
            TEXT,
            False,
            "Anything a reader should know, in English.",
            "Ce qu'un lecteur doit savoir, en anglais.",
        ),
    ),
)

MEMBERS = Sheet(
    "members",
    "One row per seat: who sits on which body.",
    "Une ligne par siège : qui siège où.",
    (
        Column(
            "body",
            BODY,
            True,
            "The id of the body, as in the bodies sheet; or a body the graph already has (EUCPN), when a "
            "body of the bodies sheet sits on it.",
            "L'identifiant de l'instance, comme dans la feuille bodies ; ou une instance que le graphe a "
            "déjà (REPC), quand une instance de la feuille bodies y siège.",
        ),
        Column(
            "member",
            ACTOR,
            True,
            "The office or organisation that sits (mayor, prefect, public prosecutor, National Police …), "
            "or the id of a body of the bodies sheet that sits.",
            "La fonction ou l'organisation qui siège (maire, préfet, procureur de la "
            "République, Police nationale …), ou l'identifiant d'une instance de la feuille bodies qui "
            "siège.",
        ),
        Column("role", ROLE, True, "chair, member, co-chair …", "président, membre, coprésident …"),
        Column(
            "seat_kind",
            SEAT,
            True,
            "Why it sits: statutory (the law requires it), invited, voluntary, contracting party.",
            "Pourquoi il siège : de droit (la loi l'exige), invité, volontaire, partie contractante.",
        ),
        Column(
            "start_date",
            DATE,
            False,
            "From when, YYYY-MM-DD; the body's start when empty.",
            "Depuis quand, AAAA-MM-JJ ; le début de l'instance si vide.",
        ),
        Column(
            "end_date",
            DATE,
            False,
            "Until when, YYYY-MM-DD: the first day it no longer holds.",
            "Jusqu'à quand, AAAA-MM-JJ : le premier jour où ce n'est plus le cas.",
        ),
        Column(
            "start_precision",
            PRECISION,
            False,
            "How precise the start date is (year, month, day); day when empty.",
            "La précision de la date de début (année, mois, jour) ; jour si vide.",
        ),
        Column(
            "end_precision",
            PRECISION,
            False,
            "How precise the end date is (year, month, day); day when empty.",
            "La précision de la date de fin (année, mois, jour) ; jour si vide.",
        ),
        Column(
            "attested_on",
            DATE,
            False,
            "When the source gives no period: the date it speaks of (its own date, the year of the event "
            "it reports), YYYY-MM-DD.",
            "Quand la source ne donne pas de période : la date dont elle parle (sa propre date, l'année de "
            "l'événement qu'elle rapporte), AAAA-MM-JJ.",
        ),
        Column(
            "attested_precision",
            PRECISION,
            False,
            "How precise that date is; day when empty.",
            "La précision de cette date ; jour si vide.",
        ),
        Column(
            "notes",
            TEXT,
            False,
            "Anything a reader should know about the seat, in English.",
            "Ce qu'un lecteur doit savoir du siège, en anglais.",
        ),
    ),
)

MANDATES = Sheet(
    "mandates",
    "One row per mandate: what a body is charged to do.",
    "Une ligne par mandat : ce dont une instance est chargée.",
    (
        Column("body", BODY, True, "The id of the body.", "L'identifiant de l'instance."),
        Column(
            "domains",
            DOMAIN,
            True,
            "Policy domains, separated by ; (crime prevention; radicalisation …).",
            "Domaines d'action, séparés par ; (prévention de la délinquance ; radicalisation …).",
            several=True,
        ),
        Column(
            "functions",
            FUNCTION,
            True,
            "Functions, separated by ; (steering; coordination …).",
            "Fonctions, séparées par ; (pilotage ; coordination …).",
            several=True,
        ),
        Column(
            "legal_basis",
            LAW,
            False,
            "The articles that give this mandate, separated by ; (CSI D132-7).",
            "Les articles qui confient ce mandat, séparés par ; (CSI D132-7).",
            several=True,
        ),
        *_dates("the body holds this mandate", "l'instance détient ce mandat"),
    ),
)

LINKS = Sheet(
    "links",
    "One row per link from a body to another body or to a whole body type.",
    "Une ligne par lien d'une instance vers une autre instance ou vers tout un type d'instance.",
    (
        Column(
            "body",
            BODY,
            True,
            "The id of the body the link starts from.",
            "L'identifiant de l'instance d'où part le lien.",
        ),
        Column(
            "relation",
            RELATION,
            True,
            "reports to, sub-body of, steers, supports, funds, runs.",
            "rend compte à, sous-instance de, pilote, appuie, finance, organise.",
        ),
        Column(
            "target",
            TARGET,
            True,
            "The other body (an id of the bodies sheet, or the name of a body, office or organisation "
            "of the graph) or a body type (CLSPD: every council of that type).",
            "L'autre instance (un identifiant de la feuille bodies, ou le nom d'une instance, d'une "
            "fonction ou d'une organisation du graphe) ou un type d'instance (CLSPD : toutes les "
            "instances de ce type).",
        ),
    ),
)

CHANGES = Sheet(
    "changes",
    "One row per change in the life of bodies: created, renamed, replaced, merged, split, dissolved.",
    "Une ligne par changement dans la vie des instances : création, changement de nom, remplacement, "
    "fusion, scission, dissolution.",
    (
        Column(
            "kind",
            CHANGE,
            True,
            "merged, split, renamed, replaced, dissolved …",
            "fusion, scission, changement de nom, remplacement, dissolution …",
        ),
        Column("date", DATE, True, "When, YYYY-MM-DD.", "Quand, AAAA-MM-JJ."),
        Column(
            "date_precision",
            PRECISION,
            False,
            "How precise the date is; day when empty.",
            "La précision de la date ; jour si vide.",
        ),
        Column(
            "from",
            BODY,
            False,
            "The bodies before the change (ids or names), separated by ;",
            "Les instances avant le changement (identifiants ou noms), séparées par ;",
            several=True,
        ),
        Column(
            "to",
            BODY,
            False,
            "The bodies after the change (ids or names), separated by ;",
            "Les instances après le changement (identifiants ou noms), séparées par ;",
            several=True,
        ),
        Column(
            "name_before",
            TEXT,
            False,
            "For a renaming: the name before.",
            "Pour un changement de nom : le nom d'avant.",
        ),
        Column(
            "name_after",
            TEXT,
            False,
            "For a renaming: the name after.",
            "Pour un changement de nom : le nouveau nom.",
        ),
        Column(
            "partial",
            FLAG,
            False,
            "yes if the successor took over only part of the role.",
            "oui si le successeur n'a repris qu'une partie du rôle.",
        ),
        Column(
            "label_en", TEXT, False, "A short description in English.", "Une courte description en anglais."
        ),
        Column(
            "label_fr", TEXT, False, "A short description in French.", "Une courte description en français."
        ),
        Column(
            "notes",
            TEXT,
            False,
            "Anything a reader should know, in English.",
            "Ce qu'un lecteur doit savoir, en anglais.",
        ),
    ),
)

CLAIMS = Sheet(
    "claims",
    "One row per figure a source states about a territory: how many councils, what share it covers.",
    "Une ligne par chiffre qu'une source donne sur un territoire : combien d'instances, quelle part "
    "elles couvrent.",
    (
        Column(
            "territory",
            TERRITORY,
            True,
            "The territory the figure is about.",
            "Le territoire dont parle le chiffre.",
        ),
        Column(
            "body_type",
            BODY_TYPE,
            False,
            "The kind of body counted (CLSPD, CISPD …); several "
            "separated by ; when the source counts them together.",
            "Le type d'instance compté (CLSPD, CISPD …) ; plusieurs séparés par ; si la source "
            "les compte ensemble.",
            several=True,
        ),
        Column(
            "measure",
            MEASURE,
            True,
            "What the figure measures: number of bodies, share of the "
            "population covered, number or share of communes covered.",
            "Ce que mesure le chiffre : nombre d'instances, part de la population couverte, nombre "
            "ou part des communes couvertes.",
        ),
        Column(
            "value",
            NUMBER,
            True,
            "The figure as a number: 5, 0.48 for 48 %.",
            "Le chiffre, en nombre : 5, 0,48 pour 48 %.",
        ),
        Column(
            "out_of",
            NUMBER,
            False,
            "What the figure is out of, when the source says (22 communes out of 32: value 22, out_of 32).",
            "Le total auquel il se rapporte, si la source le dit (22 communes sur 32 : value 22, out_of 32).",
        ),
        Column(
            "as_of",
            DATE,
            False,
            "The date the figure describes, YYYY-MM-DD; the source's date when empty.",
            "La date que décrit le chiffre, AAAA-MM-JJ ; la date de la source si vide.",
        ),
        Column(
            "as_of_precision",
            PRECISION,
            False,
            "How precise that date is; day when empty.",
            "La précision de cette date ; jour si vide.",
        ),
    ),
)

SOURCES = Sheet(
    "sources",
    "One row per citation: the evidence for a body, a seat, a mandate, a link, a change or a claim.",
    "Une ligne par citation : la preuve d'une instance, d'un siège, d'un mandat, d'un lien, d'un "
    "changement ou d'un chiffre.",
    (
        Column(
            "about",
            TEXT,
            True,
            "What it is evidence for: a body's id (all of its seats, mandates and links that have "
            "no source of their own), or a row of another sheet: members 4, mandates 2, links 3, "
            "changes 2, claims 5, documents 2; or a resource the graph already has, by its identifier "
            "(leu:dec-2009-902, a body type, a seat it requires), except a body.",
            "Ce dont c'est la preuve : l'identifiant d'une instance (et ses sièges, mandats et liens "
            "sans source propre), ou une ligne d'une autre feuille : members 4, mandates 2, links 3, "
            "changes 2, claims 5, documents 2 ; ou une ressource que le graphe a déjà, par son "
            "identifiant (leu:dec-2009-902, un type d'instance, un siège qu'il exige), sauf une instance.",
        ),
        Column(
            "source",
            SOURCE,
            True,
            "A seed text (seed-000 or its title); a legal text or policy document of the graph by "
            "name, article or number (CSI L132-4, COM(2004) 165, CELEX 32009D0902); a dataset; a "
            "document of the documents sheet (its id); or a web page: its address (https://…).",
            "Un texte source (seed-000 ou son titre) ; un texte juridique ou un document du graphe "
            "par son nom, son article ou son numéro (CSI L132-4, COM(2004) 165, CELEX 32009D0902) ; "
            "un jeu de données ; un document de la feuille documents (son identifiant) ; ou une page "
            "web : son adresse (https://…).",
        ),
        Column(
            "quote",
            TEXT,
            False,
            "The words of the source, copied exactly: required for a seed text; for a web page, "
            "words of the passage given in the passage column.",
            "Les mots de la source, copiés à l'identique : obligatoire pour un texte source ; pour "
            "une page web, des mots du passage donné dans la colonne passage.",
        ),
        Column(
            "locator",
            TEXT,
            False,
            "Where in the source: page, section, article, the file and row of a dataset.",
            "Où dans la source : page, section, article, le fichier et la ligne d'un jeu de données.",
        ),
        Column(
            "confidence",
            CONFIDENCE,
            False,
            "high, medium or low; high when empty.",
            "élevée, moyenne ou faible ; élevée si vide.",
        ),
        Column(
            "publisher",
            TEXT,
            False,
            "For a web page: who publishes the site (Préfecture du Loiret, Ville de Vernon).",
            "Pour une page web : qui publie le site (Préfecture du Loiret, Ville de Vernon).",
        ),
        Column(
            "title",
            TEXT,
            False,
            "For a web page: its title, as the page gives it.",
            "Pour une page web : son titre, tel que la page le donne.",
        ),
        Column(
            "page_date",
            DATE,
            False,
            "For a web page: its own date, only if it shows one (YYYY-MM-DD, or YYYY-MM, or YYYY).",
            "Pour une page web : sa propre date, seulement si elle en affiche une (AAAA-MM-JJ, AAAA-MM "
            "ou AAAA).",
        ),
        Column(
            "read_on",
            DATE,
            False,
            "For a web page: the day you read it, YYYY-MM-DD (required for a web page).",
            "Pour une page web : le jour où vous l'avez lue, AAAA-MM-JJ (obligatoire pour une page web).",
        ),
        Column(
            "passage",
            TEXT,
            False,
            "For a web page: the paragraph the quote comes from, copied exactly as you read it "
            "(kept in the repository so that the quote can be checked; not the whole page).",
            "Pour une page web : le paragraphe d'où vient la citation, copié tel que vous l'avez lu "
            "(conservé dans le dépôt pour vérifier la citation ; pas la page entière).",
        ),
        Column(
            "actors_named",
            NUMBER,
            False,
            "How many members the quoted passage names, when the quote is the evidence of members: "
            "the body must then have a member row citing it for each.",
            "Combien de membres le passage cité nomme, quand la citation prouve des membres : "
            "l'instance doit alors avoir une ligne de members qui la cite pour chacun.",
        ),
    ),
)

DOCUMENTS = Sheet(
    "documents",
    "One row per legal text, policy document or dataset the graph does not hold yet.",
    "Une ligne par texte juridique, document d'orientation ou jeu de données que le graphe n'a pas encore.",
    (
        Column(
            "id",
            ID,
            True,
            "A short identifier you choose: lower case, digits and hyphens "
            "(com-2004-165, circulaire-2015-03-04).",
            "Un identifiant court de votre choix : minuscules, chiffres et tirets (com-2004-165).",
        ),
        Column(
            "kind",
            DOCUMENT_TYPE,
            True,
            "What it is: statute, decree, circular, Council decision, "
            "Commission communication, report, dataset …",
            "Sa nature : loi, décret, circulaire, décision du Conseil, communication de la "
            "Commission, rapport, jeu de données …",
        ),
        Column("title_en", TEXT, True, "Its title in English.", "Son titre en anglais."),
        Column("title_fr", TEXT, True, "Its title in French.", "Son titre en français."),
        Column(
            "country",
            COUNTRY,
            True,
            "Whose text it is: France, United Kingdom, European Union …",
            "De qui est le texte : France, Royaume-Uni, Union européenne …",
        ),
        Column(
            "number",
            TEXT,
            False,
            "Its official number: 2007-297, COM(2004) 165, 2009/902/JHA.",
            "Son numéro officiel : 2007-297, COM(2004) 165, 2009/902/JAI.",
        ),
        Column("part_of", LAW, False,
               "The text it is part of, for a section or an article (the Act, the code).",
               "Le texte dont il fait partie, pour un article (la loi, le code)."),
        Column("celex", TEXT, False, "Its CELEX number (EU texts).", "Son numéro CELEX (textes de l'UE)."),
        Column("eli", URL, False, "Its ELI (https://…).", "Son ELI (https://…)."),
        Column("nor", TEXT, False, "Its NOR (French texts).", "Son NOR (textes français)."),
        Column("date", DATE, False, "Its date, YYYY-MM-DD.", "Sa date, AAAA-MM-JJ."),
        Column(
            "adopted_by",
            ACTOR,
            False,
            "Who adopted or issued it: an office or organisation of the "
            "graph (Council of the European Union, European Commission, Prime Minister …).",
            "Qui l'a adopté ou émis : une fonction ou une organisation du graphe (Conseil de l'Union "
            "européenne, Commission européenne, Premier ministre …).",
        ),
        Column(
            "publisher",
            TEXT,
            False,
            "Who publishes it (for a report or a dataset).",
            "Qui le publie (pour un rapport ou un jeu de données).",
        ),
        Column(
            "version",
            TEXT,
            False,
            "For a dataset: its version or vintage.",
            "Pour un jeu de données : sa version ou son millésime.",
        ),
        Column(
            "licence",
            URL,
            False,
            "For a dataset: the address of its licence.",
            "Pour un jeu de données : l'adresse de sa licence.",
        ),
        Column("url", URL, False, "Where it can be read or downloaded.", "Où le lire ou le télécharger."),
        Column(
            "notes",
            TEXT,
            False,
            "Anything a reader should know, in English.",
            "Ce qu'un lecteur doit savoir, en anglais.",
        ),
    ),
)

SHEETS = (BODIES, MEMBERS, MANDATES, LINKS, CHANGES, CLAIMS, SOURCES, DOCUMENTS)
# The sheets whose rows a source row can be about ("members 4"), besides a body's id.
CITED_ROWS = ("members", "mandates", "links", "changes", "claims", "documents")


def sheet(name: str) -> Sheet:
    return next(s for s in SHEETS if s.name == name)
