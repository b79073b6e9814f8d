"""Attribution cues and the verb forms that mark German indirect speech.

Verbs of saying are listed in their finite third-person forms, which news reports use
("erklärte", "sagten", "said"). Forms that equal the infinitive ("sagen", "say") only count
when a comma or colon follows, as in "Experten warnen, ..." — elsewhere they are too often
part of a longer verb phrase ("wollte nichts sagen").
"""

from __future__ import annotations

from . import word_set

SPEECH_VERBS_DE: frozenset[str] = word_set(
    """sagt sagte sagten erklärt erklärte erklärten betont betonte betonten berichtet
    berichtete berichteten meldet meldete meldeten bekräftigt bekräftigte bekräftigten
    versichert versicherte versicherten behauptet behauptete behaupteten bestätigt bestätigte
    bestätigten warnt warnte warnten fordert forderte forderten kritisiert kritisierte
    kritisierten schreibt schrieb schrieben verkündet verkündete verkündeten beschuldigt
    beschuldigte beschuldigten bezeichnet bezeichnete bezeichneten dementiert dementierte
    dementierten äußert äußerte äußerten äussert äusserte äusserten unterstreicht unterstrich
    zitiert zitierte zitierten meint meinte meinten mitteilt mitteilte mitteilten hinzufügte
    ankündigte ankündigten einräumte einräumten zurückwies zurückwiesen vorwarf vorwarfen
    klarstellte bekanntgab twitterte postete befürchtet befürchtete befürchten fürchtet
    fürchtete hofft hoffte hofften glaubt glaubte glaubten vermutet vermutete begründet
    begründete begründeten nannte nannten verlangt verlangte verlangten mahnte mahnten
    erläuterte erläuterten ergänzte ergänzten versprach versprachen beklagte beklagten
    bemängelte bemängelten schätzt schätzte schätzten appellierte drohte
    bezweifelte bezweifelt verwies verwiesen rief riefen entgegnete entgegneten fragte
    fragten antwortete antworteten lautete lauteten skandierte skandierten beschrieb
    kommentierte widersprach schilderte beteuerte bestritt verneinte argumentierte
    wiederholte riet gesagt mitgeteilt angekündigt gefordert zurückgewiesen zugesichert
    geäußert gewarnt betont bestätigt kritisiert vorgeworfen aufgefordert angegeben empfahl
    empfahlen bat baten"""
)

# Separable verbs: finite part -> particles, one of which must close the clause
# ("teilte ... mit", "gab ... bekannt", "geht davon aus").
SEPARABLE_DE: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("teilt", "teilte", "teilten"), ("mit",)),
    **dict.fromkeys(("fügt", "fügte", "fügten"), ("hinzu",)),
    **dict.fromkeys(("kündigt", "kündigte", "kündigten"), ("an",)),
    **dict.fromkeys(("räumt", "räumte", "räumten"), ("ein",)),
    **dict.fromkeys(("weist", "wies", "wiesen"), ("zurück", "hin")),
    **dict.fromkeys(("wirft", "warf", "werfen", "warfen"), ("vor",)),
    **dict.fromkeys(("gibt", "gab", "gaben"), ("an", "bekannt", "zu")),
    **dict.fromkeys(("stellt", "stellte", "stellten"), ("klar", "fest")),
    **dict.fromkeys(("hebt", "hob", "hoben"), ("hervor",)),
    **dict.fromkeys(("geht", "ging", "gehen", "gingen"), ("aus", "hervor")),
    **dict.fromkeys(("macht", "machte", "machten"), ("klar", "deutlich")),
    **dict.fromkeys(("streicht", "strich", "strichen"), ("heraus",)),
    **dict.fromkeys(("prangert", "prangerte", "prangerten"), ("an",)),
    **dict.fromkeys(("führt", "führte", "führten"), ("aus",)),
    **dict.fromkeys(("schlägt", "schlug", "schlugen"), ("vor",)),
    **dict.fromkeys(("spricht", "sprach", "sprachen"), ("aus",)),
    **dict.fromkeys(("legt", "legte", "legten"), ("dar",)),
    **dict.fromkeys(("sichert", "sicherte", "sicherten"), ("zu",)),
    **dict.fromkeys(("hält", "hielt", "hielten"), ("fest",)),
}

# Plural present forms identical to the infinitive: a cue only before "," or ":".
PLURAL_SPEECH_VERBS_DE: frozenset[str] = word_set(
    """sagen erklären betonen berichten melden warnen fordern kritisieren schreiben behaupten
    bestätigen versichern bekräftigen meinen glauben hoffen befürchten bezweifeln"""
)

# "hieß es", "heißt es": attribution without a named source.
IMPERSONAL_DE: frozenset[str] = word_set("hieß hiess heißt heisst")

# Prepositional cues followed by their source ("laut «Euronews»", "gemäss Angaben der Polizei").
PREPOSITION_CUES_DE: frozenset[str] = word_set("laut gemäß gemäss")

SPEECH_VERBS_EN: frozenset[str] = word_set(
    """said says told tells stated reported announced added claimed claims confirmed warned
    warns wrote writes explained insisted noted argued denied accused alleged stressed
    emphasized emphasised declared admitted acknowledged revealed tweeted posted"""
)

PLURAL_SPEECH_VERBS_EN: frozenset[str] = word_set("say report claim warn argue insist")

# Nouns after "laut"/"according to" that introduce the real source ("laut Angaben der Polizei").
SOURCE_CARRIERS: frozenset[str] = word_set(
    """Angaben Berichten Bericht Informationen Medienberichten Aussagen Schätzungen Zahlen
    Daten Einschätzung Einschätzungen Darstellung Mitteilung Erklärung Quellen Kreisen
    reports report estimates figures data statements statement sources officials"""
)

# German subjunctive I forms; "habe", "werde", "gebe" ... equal the first person singular
# indicative, so they are skipped next to "ich".
KONJUNKTIV_I: frozenset[str] = word_set(
    """habe habest habet sei seist seiest seien seiet werde werdest könne könnest müsse
    müssest solle sollest wolle wollest dürfe möge wisse gebe stehe liege gehe komme bleibe
    brauche gelte lasse sehe handle handele fehle trage halte plane arbeite befinde drohe
    erwarte verfüge unterstütze bestehe entspreche führe zeige spiele nehme helfe treffe
    finde stimme lebe kenne verstehe wünsche hoffe glaube denke wisse beabsichtige"""
)

# Subjunctive II forms: indirect speech only when an attribution cue precedes them.
KONJUNKTIV_II: frozenset[str] = word_set(
    """würde würden wäre wären hätte hätten könnte könnten müsste müssten dürfte dürften
    gäbe gäben käme kämen"""
)
