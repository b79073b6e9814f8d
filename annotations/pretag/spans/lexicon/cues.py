"""Attribution cues and the verb forms that mark German indirect speech.

Verbs of saying are listed in their finite third-person forms, which news reports use
("erklärte", "sagten", "said"). Forms that equal the infinitive ("sagen", "say") only count
when a comma or colon follows, as in "Experten warnen, ..." — elsewhere they are too often
part of a longer verb phrase ("wollte nichts sagen").
"""

from __future__ import annotations

from . import word_set


def _weak_forms(stems: str) -> frozenset[str]:
    """Third-person present and past forms of weak verbs from their stems ("äußer" -> "äußert",
    "äußerte", "äußerten"): listing stems keeps every form of a verb in, not only those seen."""
    forms: set[str] = set()
    for stem in stems.split():
        glue = "e" if stem.endswith(("t", "d", "chn", "ffn", "gn")) else ""
        forms.update((f"{stem}{glue}t", f"{stem}{glue}te", f"{stem}{glue}ten"))
    return frozenset(forms)


# Weak verbs of saying, asserting, demanding, judging and deciding, by stem. German speech-act
# verbs are a closed-ish class, so the list covers it broadly; a cue still needs a message
# (a comma, colon or quotation after it), which keeps "veröffentlichte den Bericht." out.
_WEAK_STEMS_DE = """sag erklär beton bericht meld bekräftig versicher behaupt bestätig warn
    forder kritisier verkünd beschuldig bezeichn dementier äußer äusser zitier mein befürcht
    fürcht hoff glaub vermut begründ verlang mahn erläuter ergänz beklag bemängel schätz
    appellier bezweifel entgegn frag antwort skandier kommentier schilder beteuer vernein
    argumentier vermeld bekund würdig urteil attackier dräng bedauer beantrag beabsichtig
    verlautbar bilanzier resümier prognostizier spekulier protestier plädier signalisier
    präzisier unterstell rechtfertig lob begrüß verteidig klag beanstand monier rüg erwider
    konter erzähl erinner ermahn konstatier folger schlussfolger befürwort bemerk
    zweifel unterricht bezicht twitter post beziffer"""

SPEECH_VERBS_DE: frozenset[str] = _weak_forms(_WEAK_STEMS_DE) | word_set(
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
    empfahlen bat baten beschloss beschlossen entschied entschieden verwies bestritt bestreitet
    bestritten beschreibt beschrieben verspricht versprochen widerspricht widersprachen
    unterstrichen erwog erwogen gestand gestanden rät
    empfiehlt bittet ruft verweist dachte dachten wusste mitgeteilt bekanntgegeben empfohlen
    hingewiesen festgestellt eingeräumt zugesagt vorgeschlagen angedroht angeregt versichert
    erläutert geschrieben gemeldet gefragt gebeten behauptet bezeichnet
    vermutet befürchtet angenommen beklagt begründet verkündet vorschlug hervorhob angab
    bekanntgab klarstellte darlegte zusicherte aussagte ausgesagt verlautet
    verlautete"""
)

# Participles that take the finite auxiliary of their clause into the cue ("hat … angekündigt",
# "wurde … mitgeteilt", "war bekannt geworden"): SpkAtt marks both as the cue.
PARTICIPLES_DE: frozenset[str] = word_set(
    """gesagt erklärt mitgeteilt angekündigt gefordert zurückgewiesen zugesichert geäußert
    gewarnt betont bestätigt kritisiert vorgeworfen aufgefordert angegeben berichtet gemeldet
    bekanntgegeben beschlossen entschieden vermutet befürchtet angenommen geschätzt
    behauptet bezeichnet empfohlen versprochen bestritten dementiert eingeräumt
    hingewiesen festgestellt erläutert beschrieben geschrieben zitiert gefragt gebeten
    vorgeschlagen angedroht angeregt zugesagt versichert bekräftigt ausgesagt begründet
    verkündet beklagt"""
)

# Finite verbs whose object is itself what was said ("forderte die Einrichtung einer Stelle",
# "bestritt jede Mitwisserschaft"): without a message clause they are SpkAtt's reported speech,
# the sentence being the message. Verbs of judging count with the preposition that makes them a
# cue ("wertet es als Erfolg"; "hält … für" below, as "hält … fest" does not).
REPORTING_VERBS_DE: frozenset[str] = _weak_forms(
    "forder verlang kritisier begründ spekulier klag protestier schilder meld würdig plädier "
    "appellier beantrag bezeichn warn schätz beziffer betracht wert"
) | word_set(
    "bestreitet bestritt bestritten empfahl empfahlen empfiehlt erwog verwies verweist rät riet "
    "sprach sprachen spricht sprechen nannte nannten nennt warnen"
)


# Cues of a verb and its particle or preposition, for announcing, pointing out, assuming,
# judging and taking a stance, whose object is what was said ("gab die Festnahme bekannt",
# "wies auf die Gefahren hin", "geht von Suizid aus", "hält den Plan für falsch", "sprach sich
# für die Reform aus"): with a source and no message clause they are reported speech like
# ``REPORTING_VERBS_DE``. Particle verbs that as often name a deed ("bot … an", "griff … an",
# "schloss … aus") or a number ("gab den Schaden … an") stay out.
REPORTED_PARTICLE_CUES_DE: frozenset[str] = frozenset(
    f"{verb} sich aus" for verb in ("spricht", "sprach", "sprachen", "sprechen")
) | frozenset(
    f"{verb} {particle}"
    for verbs, particle in (
        ("kündigt kündigte kündigten", "an"),
        ("gibt gab gaben", "bekannt"),
        ("weist wies wiesen", "hin"),
        ("sagt sagte sagten", "voraus"),
        ("sichert sicherte sicherten", "zu"),
        ("prangert prangerte prangerten", "an"),
        ("regt regte regten", "an"),
        ("geht ging gehen gingen", "aus"),
        ("hält hielt halten hielten", "für"),
        ("rechnet rechnete rechneten rechnen", "mit"),
    )
    for verb in verbs.split()
)

# Nouns of saying that carry a source and a message like a verb ("die Forderung des Verbands,
# die Steuer zu senken"); the message must read as reported content (dass, zu, subjunctive).
# Nouns that as often name a topic someone else reacts to ("trat dem Vorwurf … entgegen",
# "die Befürchtung bestätigt sich", "erhält der Vorschlag Unterstützung") are left out.
NOUN_CUES_DE: frozenset[str] = word_set(
    """Forderung Forderungen Ankündigung Aussage Aussagen Behauptung Behauptungen Appell Warnung
    Warnungen Hinweis Hinweise Äußerung Äußerungen Aufforderung Zusage Versprechen Drohung
    Mahnung Feststellung Einschätzung Vermutung Überzeugung Erklärung Mitteilung Meldung Angabe
    Beteuerung Bitte Beschuldigung"""
)

# Finite auxiliaries of the perfect and the passive that a participle cue takes along.
AUXILIARIES_DE: frozenset[str] = word_set(
    "hat hatte haben hatten habe wurde wurden wird werden ist war sind waren sei worden"
)

# Reflexive verbs that report speech when something is said after them ("äußerte sich, …",
# "zeigte sich zuversichtlich, dass …"); elsewhere "sich" after a verb cancels the cue.
REFLEXIVE_SPEECH_DE: frozenset[str] = word_set(
    """äußert äußerte äußerten äussert äusserte äusserten zeigt zeigte zeigten"""
)

# Verbs whose preposition belongs to the cue ("sprach von einem Erfolg", "bezeichnete den Plan
# als Fehler", "warnte vor einem Krieg"): the preposition is taken as the cue's second part.
PREPOSITION_OF_VERB_DE: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("spricht", "sprach", "sprechen", "sprachen"), ("von", "vom", "davon")),
    **dict.fromkeys(("warnt", "warnte", "warnten", "warnen"), ("vor",)),
    # The plural, otherwise a cue only before a comma: "Augenzeugen berichten von Schüssen".
    "berichten": ("von", "vom"),
    # Judging something as something: "würdigte ihn als Vorbild", "sieht darin einen Fehler".
    **dict.fromkeys(
        _weak_forms("bezeichn würdig begrüß kritisier lob verurteil rechtfertig feier wert"),
        ("als",),
    ),
    **dict.fromkeys(("sieht", "sah", "sahen", "betrachtet", "betrachtete"), ("als",)),
    **dict.fromkeys(("hält", "hielt", "halten", "hielten"), ("für",)),
    # Expecting: "rechnet mit einem Anstieg".
    **dict.fromkeys(("rechnet", "rechnete", "rechneten", "rechnen"), ("mit",)),
}

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
    **dict.fromkeys(("fordert", "forderte", "forderten"), ("auf",)),
    **dict.fromkeys(("ruft", "rief", "riefen"), ("auf",)),
    **dict.fromkeys(("schränkt", "schränkte", "schränkten"), ("ein",)),
    **dict.fromkeys(("greift", "griff", "griffen"), ("an",)),
    **dict.fromkeys(("deutet", "deutete", "deuteten"), ("an",)),
    **dict.fromkeys(("nimmt", "nahm", "nahmen"), ("an",)),
    **dict.fromkeys(("droht", "drohte", "drohten"), ("an",)),
    **dict.fromkeys(("bietet", "bot", "boten"), ("an",)),
    **dict.fromkeys(("sagt", "sagte", "sagten"), ("zu", "voraus")),
    **dict.fromkeys(("schließt", "schloss", "schlossen"), ("aus",)),
    **dict.fromkeys(("gesteht", "gestand", "gestanden"), ("ein",)),
    **dict.fromkeys(("regt", "regte", "regten"), ("an",)),
    **dict.fromkeys(("merkt", "merkte", "merkten"), ("an",)),
    **dict.fromkeys(("lässt", "ließ", "liessen", "ließen"), ("verlauten", "durchblicken")),
}

# Plural present forms identical to the infinitive: a cue only before "," or ":".
PLURAL_SPEECH_VERBS_DE: frozenset[str] = word_set(
    """sagen erklären betonen berichten melden warnen fordern kritisieren schreiben behaupten
    bestätigen versichern bekräftigen meinen glauben hoffen befürchten bezweifeln vermuten
    argumentieren mahnen beklagen bemängeln verlangen appellieren versprechen bestreiten
    beteuern fürchten schätzen erwarten verkünden drohen begründen bekunden verweisen"""
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
