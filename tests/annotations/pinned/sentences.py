"""Varied sentences whose pre-tags are pinned (``test_pretag_pinned.py``): hand-written news
sentences in German and English, odd input, and sentences built from parts by a fixed seed."""

from __future__ import annotations

import random

GERMAN = [
    "Die Regierung in Berlin erklärte am 3. Mai, die Lage habe sich verschärft.",
    "«Wir stehen fest an der Seite unserer Partner», sagte die Ministerin.",
    "„Das ist ein guter Tag für Europa“, sagte Bundeskanzler Olaf Scholz am Dienstag.",
    "Gab es Hinweise auf einen Anschlag?",
    "Gibt es dafür eine Mehrheit im Bundestag?",
    "Teilte das Ministerium die Zahlen mit?",
    "Laut Statistischem Bundesamt stieg die Inflation im März auf 2,5 Prozent.",
    "Nina Warken (CDU) kündigte an, das Gesetz werde zum 1. Juli in Kraft treten.",
    "Die Arbeitslosigkeit teilte Eurostat am Freitag mit, sei auf 6,1 Prozent gesunken.",
    "Das Gesetz soll zum 1. Juli in Kraft treten.",
    "Zwischen 2020 und 2023 wuchs die Wirtschaft um durchschnittlich 1,2 Prozent.",
    "Für 2025 rechnet die Bundesbank mit einem Wachstum von 0,3 Prozent.",
    "Der Stadtrat stimmte mit 7 zu 2 Stimmen für den Antrag.",
    "Krieg in der Ukraine",
    "Wir wünschen allen Leserinnen und Lesern ein schönes Wochenende.",
    "Was meinen Sie?",
    "Ich finde das unmöglich!",
    "Der Bürgermeister wohnt seit seiner Wahl nicht mehr in der Stadt.",
    "Nach Angaben der Polizei wurden 1.250 Menschen evakuiert.",
    "Dies bestätigte ein Sprecher des Auswärtigen Amts.",
    "Er habe von den Plänen nichts gewusst, sagte der Minister.",
    "Sie werde ihr Amt zum Jahresende niederlegen, hieß es aus Parteikreisen.",
    "Der Verband forderte höhere Löhne.",
    "Die Kosten belaufen sich auf 3.400,50 Euro pro Haushalt.",
    "Am 30.11.2024 trafen sich die Außenminister in Brüssel.",
    "Vor drei Jahren lag der Wert noch bei 12 Millionen.",
    "Russland hat nach Angaben aus Kiew mehr als 100 Drohnen gestartet.",
    "Die Bundeswehr soll bis 2029 kriegstüchtig sein, "
    "forderte Verteidigungsminister Boris Pistorius.",
    "Das Krankenhaus in Neustadt schließt seine Geburtsstation zum Jahresende.",
    "Mehr dazu lesen Sie morgen in unserer Ausgabe.",
]
ENGLISH = [
    "The ministry said unemployment fell by 2.5 per cent in 2023.",
    "Jen Easterly, the director of the agency, told CNN the attack was contained.",
    "The new rules are scheduled to begin on June 1, the commission said.",
    "Between 1990 and 2000 the population grew by 12 percent.",
    "The court voted 7-2 to uphold the law.",
    '"We will not back down," the President said on Tuesday.',
    "According to the World Bank, 700 million people live in extreme poverty.",
    "The disaster agency (AFAD) said 1,250 buildings had collapsed.",
    "Thanks for reading, see you next week.",
    "Share your thoughts with us in the comments.",
    "@USER this is just wrong lol",
    "Is this the best we can do?",
    "I think the plan will fail.",
    "The council signed the contract with the builder in March.",
    "Unemployment in the U.S. rose to 4.1% last month, Mr. Powell said.",
    "Next year the tax will double.",
    "Prices have tripled since 2019, according to official figures.",
    "Breaking news",
    "The company reported revenue of $4 billion, twice as much as in 2019.",
    "She said she had never met him.",
]
ODD = [
    "",
    "   ",
    "?",
    "2024",
    "„Wir schaffen das“, sagte sie – und ging. 😀👍🏽",
    "مرحبا بالعالم und שלום",
    "Cafe\u0301 ﬁnal ＡＢＣ ① ½ x\u200by",
    "▁ schon ▁▁ hier",
    "<s> </s> <unk>",
    "https://example.org/a?b=1 www.example.com mail@example.com",
    "Dr. med. z. B. u. a. usw. Straße ÄÖÜ größte",
    "\x00\u202e verdreht",
    " ".join(["Die Zahl der Arbeitslosen stieg im März um 2,5 Prozent."] * 40),
    "a " * 300,
]

_SUBJECTS_DE = ["Die Regierung", "Der Minister", "Die Polizei", "Angela Merkel",
                "Die EU-Kommission", "Der Verband", "Die Stadt München", "Ein Sprecher",
                "Die Opposition", "Er"]  # fmt: skip
_VERBS_DE = ["sagte", "erklärte", "teilte mit", "kündigte an", "betonte", "warnte", "bestätigte"]
_CLAUSES_DE = [
    "die Zahl der Fälle sei um {n} Prozent gestiegen",
    "man werde am {d} entscheiden",
    "das Projekt koste {n} Millionen Euro",
    "es gebe keine Gefahr",
    "die Preise würden bis {y} sinken",
    "sie sei nicht informiert worden",
]
_SUBJECTS_EN = [
    "The government",
    "The minister",
    "Police",
    "Joe Biden",
    "The commission",
    "A spokesperson",
    "The union",
    "She",
    "The mayor of London",
]
_VERBS_EN = ["said", "told reporters", "announced", "warned", "claimed", "confirmed"]
_CLAUSES_EN = [
    "the number of cases rose by {n} percent",
    "a decision would follow on {d}",
    "the project cost {n} million dollars",
    "there was no danger",
    "prices would fall by {y}",
    "she had not been informed",
]
_FIGURES_DE = ["2,5", "12", "1.300", "0,4"]
_FIGURES_EN = ["2.5", "12", "1,300", "0.4"]
_DATES_DE = ["3. Mai", "1. Juli 2025", "Montag", "30. November"]
_DATES_EN = ["May 3", "July 1, 2025", "Monday", "November 30"]  # fmt: skip


def built(count: int, seed: int = 11) -> list[tuple[str, str]]:
    """``count`` (language, sentence) pairs put together from parts, the same on every run."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for i in range(count):
        german = i % 2 == 0
        subjects, verbs, clauses, dates = (
            (_SUBJECTS_DE, _VERBS_DE, _CLAUSES_DE, _DATES_DE)
            if german
            else (_SUBJECTS_EN, _VERBS_EN, _CLAUSES_EN, _DATES_EN)
        )
        clause = rng.choice(clauses).format(
            n=rng.choice(_FIGURES_DE if german else _FIGURES_EN),
            d=rng.choice(dates),
            y=rng.choice(["2026", "2030", "Ende des Jahres" if german else "the end of the year"]),
        )
        subject, verb = rng.choice(subjects), rng.choice(verbs)
        form = rng.randrange(3)
        if form == 0:
            sentence = f"{subject} {verb}, {clause}."
        elif form == 1:
            open_, close = ("„", "“") if german else ("\u201c", "\u201d")
            lowered = subject.split()[0] in ("Die", "Der", "Ein", "The", "A")
            speaker = subject[0].lower() + subject[1:] if lowered else subject
            sentence = f"{open_}{clause[0].upper()}{clause[1:]}{close}, {verb} {speaker}."
        else:
            sentence = f"{clause[0].upper()}{clause[1:]}?"
        out.append(("de" if german else "en", sentence))
    return out
