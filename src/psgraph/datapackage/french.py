"""The tables' titles and descriptions in French, for the codebook page (/data?lang=fr); the column
definitions come from the ontology, which defines its terms in English."""

FRENCH: dict[str, tuple[str, str]] = {
    "vocabulary": (
        "Codes des vocabulaires contrôlés",
        "Chaque code d'une colonne codée : son vocabulaire, ses libellés anglais et français, sa "
        "définition et, pour les niveaux de gouvernance, son rang du plus large (1) au plus local.",
    ),
    "bodies": (
        "Instances, instruments et institutions",
        "Chaque instance partenariale, instrument (contrat, plan, fonds, programme) et institution du"
        " graphe, une ligne chacune : la couche de fait, avec le type d'instance qu'elle réalise (la "
        "couche de droit).",
    ),
    "body_territories": (
        "Territoires de compétence",
        "Le ou les territoires sur lesquels chaque instance est compétente (une ligne par instance et"
        " territoire).",
    ),
    "body_types": (
        "Types d'instance",
        "Les sortes d'instance que la loi ou la politique de chaque pays établit (la couche de droit)"
        " : ce que la loi dit de toute instance du type, où et depuis quand.",
    ),
    "actors": (
        "Fonctions et organisations",
        "Les fonctions (préfet, maire, procureur…) et organisations qui siègent dans les instances, "
        "et qui les exerce : élu, nommé ou magistrat.",
    ),
    "memberships": (
        "Participations",
        "Qui siège dans quelle instance, à quel titre et sur quel type de siège, de quand à quand "
        "(une ligne par participation, org:Membership du W3C).",
    ),
    "seat_requirements": (
        "Sièges de droit",
        "Les sièges que la loi exige dans toute instance d'un type : qui doit siéger, à quel titre, "
        "en vertu de quel texte, de quand à quand.",
    ),
    "mandates": (
        "Mandats",
        "Ce dont une instance ou un type est chargé, à quel niveau et dans quel pays, en vertu de "
        "quel texte et quand ; ses domaines et fonctions sont dans mandate_domains et "
        "mandate_functions.",
    ),
    "mandate_domains": (
        "Domaines des mandats",
        "Les domaines d'action de chaque mandat (une ligne par mandat et domaine).",
    ),
    "mandate_functions": (
        "Fonctions des mandats",
        "Ce que chaque mandat charge son titulaire de faire — piloter, coordonner, financer, "
        "conseiller… (une ligne par mandat et fonction).",
    ),
    "documents": (
        "Textes juridiques et documents d'orientation",
        "Les lois, décrets, articles de code, circulaires, traités et documents d'orientation que le "
        "graphe cite, avec leurs identifiants officiels.",
    ),
    "document_links": (
        "Liens entre documents et avec leurs auteurs",
        "Ce que chaque document modifie, abroge, sur quoi il se fonde, ce qu'il cite, ce dont il fait"
        " partie, ce qu'il institue, et qui l'a adopté ou rédigé (une ligne par lien).",
    ),
    "legal_bases": (
        "Fondements juridiques",
        "Les textes sur lesquels reposent (legal_basis) ou par lesquels ont été créés "
        "(established_by) chaque instance, type et obligation.",
    ),
    "change_events": (
        "Changements",
        "Remplacements, changements de nom, fusions, extensions et dissolutions d'instances et de "
        "types, avec l'ancien et le nouveau nom d'un changement de nom.",
    ),
    "territories": (
        "Territoires",
        "L'ossature territoriale : communes, EPCI, départements, régions, districts, ressorts de "
        "police, nations, pays, l'UE — avec leurs codes officiels et populations légales.",
    ),
    "territory_within": (
        "Territoires compris dans d'autres",
        "Quel territoire est compris dans quel autre, tel que les sources le disent (une commune dans"
        " son EPCI et son département, un département dans sa région…).",
    ),
    "obligations": (
        "Obligations légales",
        "Les règles qui exigent (une autorité doit la créer) ou instituent (le texte la crée) un type"
        " d'instance sur chaque territoire d'une sorte, au-delà d'une population, à partir d'une "
        "date.",
    ),
    "equivalences": (
        "Équivalences fonctionnelles",
        "Les types d'instance de pays différents qui remplissent la même fonction, avec ce qui les "
        "distingue, et les correspondances SKOS entre types.",
    ),
    "findings": (
        "Constats de la littérature",
        "Les appréciations de la littérature en données : lacunes, décalages entre niveaux, "
        "chevauchements, doublons, bonnes pratiques… avec leur nature ; leur objet est dans "
        "finding_links, leur citation dans citations.",
    ),
    "finding_links": (
        "Objet des constats",
        "Les instances, types, fonctions ou textes dont traite chaque constat, et les niveaux et pays"
        " qu'il concerne (une ligne par lien).",
    ),
    "role_conferrals": (
        "Rôles conférés par les textes",
        "Les rôles qu'un texte confère à une fonction (la loi de 2007 fait du maire le pilote de la "
        "politique locale de prévention).",
    ),
    "disagreements": (
        "Désaccords entre sources",
        "Les points sur lesquels les textes de référence et les sources officielles divergent (une "
        "date, un nom, un nombre) : les deux versions sont gardées, chacune avec sa source dans "
        "claims.",
    ),
    "claims": (
        "Versions d'un désaccord",
        "Ce que chaque version d'un désaccord affirme ; sa source est dans citations.",
    ),
    "sources": (
        "Sources",
        "Les textes de référence de la littérature et les jeux de données officiels que citent les "
        "citations (les textes juridiques cités sont dans documents).",
    ),
    "citations": (
        "Citations",
        "La preuve de chaque fait : la source (texte de référence, jeu de données ou texte "
        "juridique), la citation exacte d'un texte de référence, l'article ou la page, et le degré de"
        " confiance quand il n'est pas élevé.",
    ),
}
