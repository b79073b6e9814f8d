"""Closed word classes the name rules must never take for a name, and nationality adjectives.

German capitalises every noun and every sentence start, so the name rules need to know which
capitalised words are function words, calendar words or typical common-noun endings; the
nationality adjectives qualify generic organisation heads ("die russische Armee").
"""

from __future__ import annotations

from . import word_set

# Capitalised at a sentence start or in titles, never part of a name (one list per language:
# "No" opens English sentences but is a Korean family name in German news).
FUNCTION_WORDS_DE: frozenset[str] = word_set(
    """
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Kein Keine Am Im Vom Zum
    Zur Beim Ins Ans Aufs Bei Mit Nach Von Vor Seit Für Gegen Ohne Um Auf Aus In An Über
    Unter Zwischen Durch Hinter Neben Es Er Sie Wir Ich Ihr Man Dies Diese Dieser Dieses
    Diesen Diesem Jene Jener Dass Daß Wie Wo Was Wer Wen Wem Wann Warum Weshalb Weil Als
    Wenn Ob Und Oder Aber Doch Denn Sondern Auch Noch Schon Nur So Dann Damit Daher
    Deshalb Deswegen Zudem Außerdem Ausserdem Laut Gemäß Gemäss Trotz Während Wegen Sein
    Seine Seinen Seinem Seiner Ihre Ihren Ihrem Ihrer Unser Unsere Mein Meine Alle Allen
    Viele Vielen Einige Mehrere Andere Jeder Jede Jedes Beide Beiden Bereits Inzwischen
    Nun Jetzt Hier Dort Da Dabei Dazu Darauf Darüber Zuvor Später Zunächst Schließlich
    Schliesslich Allerdings Jedoch Zwar Sogar Etwa Rund Fast Mehr Weniger Nicht Nein Ja
    Bitte Danke Heute Gestern Morgen Hinzu Ebenfalls Gleichzeitig Erst Zuletzt Insgesamt
    Demnach Dadurch Dagegen Stattdessen Trotzdem Somit Also Sowohl Weder Entweder
    Seitdem Nachdem Bevor Obwohl Sobald Solange Soweit Sofern Falls Indem Ab Bis
    """
)

FUNCTION_WORDS_EN: frozenset[str] = word_set(
    """
    The A An In On At Of For From By With Without About Into Over Under After Before
    Since Until During Between Among Against This That These Those It Its He She They We
    I You His Her Their Our My Your But And Or Nor If When While As Although Though
    Because Whether According Meanwhile However Moreover Also Still Yet So Then Thus
    There Here Now Today Yesterday Tomorrow Some Many Most All Both Each Every Other
    Another Such No Not Yes One What Who Whom Whose Which Where Why How Mr Mrs Ms Last
    Next Earlier Later Instead Despite Although Even Only Just Already Further
    Furthermore Finally Nevertheless Overall
    """
)

MONTHS: frozenset[str] = word_set(
    """
    Januar Jänner Februar Feber März Maerz April Mai Juni Juli August September Oktober
    November Dezember January February March May June July October December
    """
)

WEEKDAYS: frozenset[str] = word_set(
    """
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday
    """
)

# Endings of German common nouns and adjectives; a word ending so is not taken for a name
# (only checked on words clearly longer than the ending, so short names like "Ling" pass).
NOUN_ENDINGS_DE: tuple[str, ...] = tuple(
    word_set(
        """
    ung ungen heit heiten keit keiten schaft schaften tion tionen ismus ität itäten
    nisse ment ments tum tümer linge isch ische ischen ischer isches liche lichen licher
    ierung krieg krieges kriegs kräfte werk werke
    """
    )
)

# Nationality adjectives (stems): "russische", "nordkoreanischen", "US-amerikanischen".
_NATIONALITY_STEMS_DE = """
russisch nordkoreanisch südkoreanisch koreanisch ukrainisch amerikanisch us-amerikanisch
chinesisch deutsch französisch britisch englisch israelisch iranisch irakisch türkisch
italienisch spanisch portugiesisch polnisch japanisch indisch pakistanisch afghanisch
schweizerisch österreichisch europäisch syrisch libanesisch palästinensisch saudisch
saudi-arabisch ägyptisch jemenitisch katarisch belarussisch weißrussisch weissrussisch
kanadisch australisch brasilianisch mexikanisch argentinisch venezolanisch kubanisch
kolumbianisch niederländisch belgisch schwedisch finnisch norwegisch dänisch ungarisch
tschechisch slowakisch rumänisch bulgarisch griechisch serbisch kroatisch bosnisch
albanisch kosovarisch georgisch armenisch aserbaidschanisch kasachisch usbekisch
taiwanisch vietnamesisch thailändisch philippinisch indonesisch malaysisch südafrikanisch
nigerianisch äthiopisch sudanesisch libysch tunesisch algerisch marokkanisch estnisch
lettisch litauisch moldauisch irisch schottisch sowjetisch
"""

NATIONALITY_DE: frozenset[str] = frozenset(
    form
    for stem in _NATIONALITY_STEMS_DE.split()
    for base in (stem, stem[:1].upper() + stem[1:], stem.replace("us-", "US-"))
    for form in (base + ending for ending in ("", "e", "en", "er", "es", "em"))
)

NATIONALITY_EN: frozenset[str] = word_set(
    """
    Russian Ukrainian American US U.S. Chinese German French British English Israeli
    Iranian Iraqi Turkish Italian Spanish Portuguese Polish Japanese Indian Pakistani
    Afghan Swiss Austrian European Syrian Lebanese Palestinian Saudi Egyptian Yemeni
    Qatari Belarusian Canadian Australian Brazilian Mexican Argentine Venezuelan Cuban
    Colombian Dutch Belgian Swedish Finnish Norwegian Danish Hungarian Czech Slovak
    Romanian Bulgarian Greek Serbian Croatian Bosnian Albanian Kosovar Georgian Armenian
    Azerbaijani Kazakh Uzbek Taiwanese Vietnamese Thai Filipino Indonesian Malaysian
    Nigerian Ethiopian Sudanese Libyan Tunisian Algerian Moroccan Estonian Latvian
    Lithuanian Moldovan Irish Scottish Soviet Korean
    """
)

# Two-word English nationality adjectives, checked as pairs.
NATIONALITY_EN_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {("North", "Korean"), ("South", "Korean"), ("South", "African"), ("Saudi", "Arabian")}
)
