"""Word lists the sentence segmenter judges full stops by (German and English).

Tokens are listed without their final full stop. These are general abbreviation lists of the two
languages, not words collected from an evaluation set.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations that do not end a sentence (the token is looked up without its full stop).
# German-only entries stay out of English text, where "gem.", "vet." or "dent." are words.
NEVER_COMMON = _words(
    """
    Dr Prof Mr Mrs Ms Mx Messrs Mmes Nr ca vs cf Gen Gov Sen Rep Reps Rev Hon Lt Col Capt Cpt
    Sgt Maj Adm Cmdr Msgr Univ Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec e.g i.e
    P.S PS P.P.S PPS
    """
)
NEVER_DE = NEVER_COMMON | _words(
    """
    Hr Hrn Frl Hl Nrn bzw bzgl vgl evtl ggf ggfs ggü inkl exkl zzgl sog sogen gem Abs Ziff Bd Bde
    Kap Hrsg Aufl Abb Dipl Ing Mag Bsp bspw insb allg ehem Gebr zit orig Anm Verf Str Tel geb
    gest verh Pkt Tab Rn resp lt lfd jun sen med phil rer nat jur habil theol dent vet Febr Mär
    Okt Dez z.B z.b d.h u.a o.ä u.ä u.U u.E i.d.R v.a s.o s.u m.E z.T z.Zt z.Z i.A i.V
    """
)
NEVER_EN = NEVER_COMMON | _words("approx viz Mt Ft Pres Supt Atty Esq Vol vol Fig fig dept")

# Abbreviations that often close a sentence: they end it only before a typical opener.
MAYBE_COMMON = _words(
    """
    usw usf etc Mio Mrd Tsd Chr Jh Jhd Jr Sr Inc Ltd Co Corp Bros al St Std Min Sek ff Rd
    Ave Blvd Fr U.S U.K U.N U.S.A a.m p.m Ph.D
    """
)
MAYBE_DE = MAYBE_COMMON | _words("Mo Di Mi Do Sa So")  # weekdays

# Abbreviations only when a number follows ("No. 5", "Art. 3"); otherwise ordinary words.
NEEDS_DIGIT_COMMON = _words("No Nos pp")
NEEDS_DIGIT_DE = NEEDS_DIGIT_COMMON | {"Art"}

# Shortened forms that may end a sentence before a capital but never before a lowercase word
# ("max. zehn", "approx. two", "dr. smith", the AP abbreviations of US states "Calif."):
# consulted only when a lowercase word follows.
SHORT_FORMS_DE = _words(
    """
    max mind min ugs urspr eigtl gegr zzt zus näml tägl jährl monatl wöchentl ausschl einschl
    ursprüngl freundl mtl sinngem wörtl übers bearb hg erg dgl sek std jh jhd jahrh chr mio mrd
    tsd nr dr prof hr fr st abt
    """
)
SHORT_FORMS_EN = _words(
    """
    mr mrs ms dr prof st jr sr esp est incl misc govt avg wk wks yr yrs hr hrs mins secs ft lb
    lbs oz sq approx cont corp inc ltd co bros etc al vs ed eds trans vols ch chap figs abbr univ
    assn assoc natl intl mfg mgr mgmt dept Dept Assn Eq Ref Ch Sec Vol Ed Eds Est
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb
    Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
    """
)

# Words that typically open a sentence. Used only where a full stop is ambiguous: after an
# abbreviation that can close a sentence and after a German ordinal, which is always followed
# by a noun or adjective, never by an article, pronoun or conjunction.
OPENER_WORDS = _words(
    """
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Er Sie Es Wir Ich Ihr Man Dies Diese
    Dieser Dieses Diesen Dort Da Dann Doch Aber Auch Und Oder So Nun Jetzt Heute Damit Dabei
    Daher Deshalb Trotzdem Zudem Außerdem Allerdings Im Am In Auf Bei Mit Nach Seit Von Vor
    Für Zum Zur Laut Wie Was Wer Wenn Als Ob Nicht Kein Keine Mehr Unter Über Zwar Denn Sein
    Seine Ihre Hier Dazu Darin Darauf Deren Dessen Jedoch Bereits Schon Noch Erst Mein Meine
    Unser Unsere Alle Viele Einige Andere Insgesamt Gleichzeitig Später Zuvor Danach
    Anschließend Ebenso Dagegen Hingegen Stattdessen Somit Also Weil Obwohl Während
    The A An He She It They We I You This That These Those There But And Or So Then In On At
    For With After Before As If When While However Also His Her Its Their Our My Some Many
    Most No Not Yet Still Now Today Since During From By To Of Other Each Every Both All What
    Who Why How Where Which Meanwhile Instead Although Because Is Are Was Were Do Does Did Can
    Could Will Would Should Please Thanks Here Ist Sind War Waren Hat Haben Wird Werden Kann
    Gibt Bitte Danke
    """
)


@dataclass(frozen=True, slots=True)
class Rules:
    """The word lists and switches of one language."""

    never: frozenset[str]
    maybe: frozenset[str]
    needs_digit: frozenset[str]
    short_forms: frozenset[str]  # never | maybe | the shortened forms above
    ordinals: bool  # "29." is an ordinal number (German), not a number ending a sentence
    street_suffix: bool  # "Hauptstr." abbreviates "Hauptstraße" (German)
    capitalised_nouns: bool  # a capital says little about a sentence start (German nouns)
    language: str  # "de" or "en": which greetings and sign-offs (``segment_salutations.py``)


GERMAN = Rules(
    NEVER_DE,
    MAYBE_DE,
    NEEDS_DIGIT_DE,
    NEVER_DE | MAYBE_DE | SHORT_FORMS_DE,
    ordinals=True,
    street_suffix=True,
    capitalised_nouns=True,
    language="de",
)
ENGLISH = Rules(
    NEVER_EN,
    MAYBE_COMMON,
    NEEDS_DIGIT_COMMON,
    NEVER_EN | MAYBE_COMMON | SHORT_FORMS_EN,
    ordinals=False,
    street_suffix=False,
    capitalised_nouns=False,
    language="en",
)


def rules_for(language: str) -> Rules:
    """German rules for "de", "de-CH", "de_AT"; English rules for everything else."""
    base = language.strip().lower().replace("_", "-").split("-", 1)[0]
    return GERMAN if base == "de" else ENGLISH
