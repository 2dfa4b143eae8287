"""The sheets of a curator's workbook and their columns: the one description that the template,
the reader, the help sheet and the export share."""

from __future__ import annotations

from dataclasses import dataclass

# What a cell holds, and so how it is read: free text, a date, yes/no, or a name to reconcile with
# one kind of resource of the graph (see reconcile.py).
TEXT, DATE, FLAG, ID = "text", "date", "flag", "id"
BODY_TYPE, TERRITORY, COUNTRY, LAW, ACTOR, SOURCE, BODY = (
    "body type",
    "territory",
    "country",
    "legal text",
    "office or organisation",
    "source",
    "body",
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
VOCABULARIES = (LEVEL, DOMAIN, FUNCTION, ROLE, SEAT, PRECISION, CONFIDENCE)
LIST_SEPARATOR = ";"


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
            "acronym",
            TEXT,
            False,
            "Its acronym or other short names, separated by ;",
            "Son sigle ou ses autres noms courts, séparés par ;",
            several=True,
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
            "places apart (Saint-Denis (93)), or an official code (INSEE, SIREN, GSS).",
            "Où elle est compétente : un nom, avec son département pour distinguer les homonymes "
            "(Saint-Denis (93)), ou un code officiel (INSEE, SIREN, GSS).",
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
            "France, United Kingdom, European Union …; the body type's country when left empty.",
            "France, Royaume-Uni, Union européenne … ; le pays du type d'instance si vide.",
        ),
        Column(
            "legal_basis",
            LAW,
            False,
            "The legal text it rests on: an article (CSI L132-4), a law's number "
            "(Loi 2007-297), a NOR, ELI or CELEX. Leave empty and set informal to yes if there is none.",
            "Le texte sur lequel elle repose : un article (CSI L132-4), le numéro d'une loi (Loi 2007-297), "
            "un NOR, un ELI ou un CELEX. Laisser vide et mettre informal à oui s'il n'y en a pas.",
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
            "The id of the body, as in the bodies sheet.",
            "L'identifiant de l'instance, comme dans la feuille bodies.",
        ),
        Column(
            "member",
            ACTOR,
            True,
            "The office or organisation that sits (mayor, prefect, public prosecutor, National Police …).",
            "La fonction ou l'organisation qui siège (maire, préfet, procureur de la "
            "République, Police nationale …).",
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
        Column("end_date", DATE, False, "Until when, YYYY-MM-DD.", "Jusqu'à quand, AAAA-MM-JJ."),
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
            "The article that gives this mandate (CSI D132-7).",
            "L'article qui confie ce mandat (CSI D132-7).",
        ),
    ),
)

SOURCES = Sheet(
    "sources",
    "One row per citation: the evidence for a body, a seat or a mandate.",
    "Une ligne par citation : la preuve d'une instance, d'un siège ou d'un mandat.",
    (
        Column(
            "about",
            TEXT,
            True,
            "What it is evidence for: a body's id (all of its seats and mandates that have "
            "no source of their own), or members 4 / mandates 2 for one row of those sheets.",
            "Ce dont c'est la preuve : l'identifiant d'une instance (et ses sièges et mandats sans source "
            "propre), "
            "ou members 4 / mandates 2 pour une ligne de ces feuilles.",
        ),
        Column(
            "source",
            SOURCE,
            True,
            "A seed text (seed-000 or its title) or a legal text (CSI L132-4).",
            "Un texte source (seed-000 ou son titre) ou un texte juridique (CSI L132-4).",
        ),
        Column(
            "quote",
            TEXT,
            False,
            "The words of the seed text, copied exactly (required for a seed text).",
            "Les mots du texte source, copiés à l'identique (obligatoire pour un texte source).",
        ),
        Column(
            "locator",
            TEXT,
            False,
            "Where in the source: page, section, version.",
            "Où dans la source : page, section, version.",
        ),
        Column(
            "confidence",
            CONFIDENCE,
            False,
            "high, medium or low; high when empty.",
            "élevée, moyenne ou faible ; élevée si vide.",
        ),
    ),
)

SHEETS = (BODIES, MEMBERS, MANDATES, SOURCES)
