"""German source phrases as SpkAtt marks them: the whole noun phrase of the speaker (genitive,
"von" phrase, place of a body, apposition), the subject in first place, "er" after the verb,
a relative pronoun, the phrase before "wonach". Each rule comes with a neighbour sentence whose
source must stay as it was."""

from __future__ import annotations

import pytest

from annotations.pretag.spans import detect_spans
from annotations.pretag.types import Span


def attributions(sentence: str) -> list[Span]:
    spans = detect_spans(sentence, 0, len(sentence), "de")
    return [s for s in spans if s.kind == "attribution"]


def source_phrase(sentence: str, cue: str) -> str | None:
    for span in attributions(sentence):
        if span.payload["cue"] == cue:
            p = span.payload
            return sentence[p["source_start"] : p["source_end"]] if "source_start" in p else None
    raise AssertionError(f"no attribution with cue {cue!r} in {attributions(sentence)}")


@pytest.mark.parametrize(
    ("sentence", "cue", "phrase"),
    [
        # A genitive belongs to the speaker; a dative after the verb is the addressee.
        ("Die Straße bleibt gesperrt, sagte die Moderatorin eines Lokalsenders.", "sagte",
         "die Moderatorin eines Lokalsenders"),
        ("Die Lage ist ernst, sagte Scholz der Zeitung.", "sagte", "Scholz"),
        # "der" with a weak "-e" adjective opens a new subject, not a genitive.
        ("Nach Auskunft der NASA würde der überwiegende Teil verglühen.", "nach Angaben",
         "Auskunft der NASA"),
        # A name in the genitive after the carrier noun.
        ("Nach Meinung Russlands gelte das auch für das Flugzeug.", "nach Angaben",
         "Meinung Russlands"),
        ("Nach Angaben der Polizei wurden drei Menschen verletzt.", "nach Angaben",
         "Angaben der Polizei"),
        # A "von"/"vom" phrase after a person; a place after a person is where they spoke.
        ("Theo Kitz vom Bankhaus Merck Finck sagte, solche Zahlungen seien üblich.", "sagte",
         "Theo Kitz vom Bankhaus Merck Finck"),
        ("Die Lage sei stabil, sagte Seibert in Berlin.", "sagte", "Seibert"),
        # A place after a body names which one.
        ("Die Grenzen werden geschlossen, kündigte die Regierung in Lomé an.", "kündigte an",
         "die Regierung in Lomé"),
        # An apposition in commas closing the clause; a new clause after the comma is not one.
        ("Die Lage sei ernst, sagte Hugo Salcedo, Kopf einer Gruppe von Inspektoren.", "sagte",
         "Hugo Salcedo, Kopf einer Gruppe von Inspektoren"),
        ("Die Lage sei ernst, sagte Scholz, die Regierung handle.", "sagte", "Scholz"),
        # A name in commas after a role, before the particle.
        ("Es wurde kein Notsignal gesendet, teilte der Direktor der Behörde, Bagus Puruhito, "
         "mit.", "teilte mit", "der Direktor der Behörde, Bagus Puruhito"),
        ("Die Sprecherin der Regierung, Anna Berg, sagte, die Lage sei ruhig.", "sagte",
         "Die Sprecherin der Regierung, Anna Berg"),
        # The phrase in first place before the verb is its subject, all of it.
        ("Patrick Georg von der IG Metall Trier sagte, es werde geprüft.", "sagte",
         "Patrick Georg von der IG Metall Trier"),
        ("Ken Rice vom Institut für Astronomie in Edinburgh erklärte, die Entdeckung sei neu.",
         "erklärte", "Ken Rice vom Institut für Astronomie in Edinburgh"),
        ("Die Regierungen von Deutschland und Frankreich haben signalisiert, dass sie helfen.",
         "signalisiert", "Die Regierungen von Deutschland und Frankreich"),
        ("Özcan Mutlu und Benedikt Lux prangerten an, dass die Lehrer Hilfssheriffs seien.",
         "prangerten an", "Özcan Mutlu und Benedikt Lux"),
        ("Das Bundesministerium für Bildung und Forschung teilte mit, die Mittel stiegen.",
         "teilte mit", "Das Bundesministerium für Bildung und Forschung"),
        ("Bundeskanzler Olaf Scholz sagte, die Lage sei ernst.", "sagte",
         "Bundeskanzler Olaf Scholz"),
        ("In Berlin sagte der Minister, die Lage sei ernst.", "sagte", "der Minister"),
        # An opening adverb is no speaker; the subject follows the verb.
        ("Unterdessen sagte der Minister, die Lage sei ernst.", "sagte", "der Minister"),
        ("Bislang gingen die Wissenschaftler davon aus, dass Gestein kollidiere.", "gingen aus",
         "die Wissenschaftler"),
        ("Kim beschuldigte die USA, den Frieden zu gefährden.", "beschuldigte", "Kim"),
        # A focus particle before the subject stays out of it.
        ("Auch einige kleinere Parteien haben angekündigt, vor Gericht zu ziehen.",
         "angekündigt", "einige kleinere Parteien"),
        ("Einige kleinere Parteien haben angekündigt, vor Gericht zu ziehen.", "angekündigt",
         "Einige kleinere Parteien"),
        ("Auch der Außenminister Sergei Lawrow sprach sich dagegen aus und sagte, das Gesetz "
         "sei falsch.", "sagte", "der Außenminister Sergei Lawrow"),
        ("Der Minister sprach sich dagegen aus und sagte, das Gesetz sei falsch.", "sagte",
         "Der Minister"),
        # "er" right after the verb can only be its subject.
        ("Deren Haltung gegenüber der PKK bezeichnete er als verlogen.", "bezeichnete als",
         "er"),
        ("Die Ministerin bezeichnete sie als verlogen.", "bezeichnete als", "Die Ministerin"),
        # A relative pronoun right before the verb.
        ("Entscheidend war die Aussage eines Jungen, der angab, bestohlen worden zu sein.",
         "angab", "der"),
        ("Der Minister sagte, die Lage sei stabil.", "sagte", "Der Minister"),
        # The noun phrase before ", wonach"; "Demnach" stands for its source itself.
        ("Ein Bericht der Nachrichtenagentur Interfax, wonach der Politiker festgenommen worden "
         "sei, wurde dementiert.", "wonach", "Ein Bericht der Nachrichtenagentur Interfax"),
        ("Demnach sind die Preise gestiegen.", "demnach", "Demnach"),
        # A possessive opens the carrier before "nach".
        ("Das Gericht sei seiner Meinung nach befangen.", "nach", "seiner Meinung"),
        ("Dem Vernehmen nach ist die Lage ruhig.", "nach", "Dem Vernehmen"),
        # "33-jährige" is an adjective.
        ("Dies bestätigte der 33-jährige Torwart gegenüber der Presse.", "bestätigte",
         "der 33-jährige Torwart"),
        ("Dies bestätigte der Torwart gegenüber der Presse.", "bestätigte", "der Torwart"),
        # "Ermittlungen" carries a source like "Angaben".
        ("Nach ersten Ermittlungen der Polizei war der Bus zu schnell.", "nach Angaben",
         "ersten Ermittlungen der Polizei"),
        # A genitive plural without article ("kommunaler Unternehmen").
        ("Für die Stadtwerke bedauerte der Verband kommunaler Unternehmen, dass die Regierung "
         "zögere.", "bedauerte", "der Verband kommunaler Unternehmen"),
        ("Für die Stadtwerke bedauerte der Verband, dass die Regierung zögere.", "bedauerte",
         "der Verband"),
    ],
)  # fmt: skip
def test_source_phrase(sentence: str, cue: str, phrase: str):
    assert source_phrase(sentence, cue) == phrase


@pytest.mark.parametrize(
    ("sentence", "cue", "phrase"),
    [
        ("Bundesdatenschutzbeauftragter Peter Schaar nannte den Vorstoß einen Schritt in den "
         "Überwachungsstaat.", "nannte", "Bundesdatenschutzbeauftragter Peter Schaar"),
        ("Die Ministerin bezeichnete den Plan als verfehlt.", "bezeichnete als",
         "Die Ministerin"),
        ("Er sprach von einem großen Erfolg.", "sprach von", "Er"),
    ],
)  # fmt: skip
def test_verbs_of_naming_report_speech_in_their_own_sentence(sentence: str, cue: str, phrase: str):
    """'X nannte den Vorstoß einen Schritt …': SpkAtt's reported speech, the sentence as the
    message; a pronoun subject and a verb with its preposition count too."""
    span = next(s for s in attributions(sentence) if s.payload["cue"] == cue)
    assert span.payload["form"] == "reported"
    assert sentence[span.payload["source_start"] : span.payload["source_end"]] == phrase
    assert "cue_start" not in span.payload and "particle_start" not in span.payload


def test_a_verb_of_saying_without_its_content_stays_no_attribution():
    assert attributions("Die Firma veröffentlichte den Bericht.") == []
