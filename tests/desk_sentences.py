"""Sentences of a stand-in desk (no Django here: the desk-training bench reads them too)."""

# Claims the public stand-in data never showed (no figures, no "Laut Bundesamt"), and desk
# chatter that is no claim; the desk gives the first verdicts and dismisses the second.
CLAIMS = [
    "Der Stadtrat hat den Vertrag mit der Baufirma im März unterschrieben.",
    "Die Ministerin war vor ihrer Wahl Vorstand eines Energiekonzerns.",
    "Das Krankenhaus in Neustadt schließt seine Geburtsstation zum Jahresende.",
    "Der Bürgermeister wohnt seit seiner Wahl nicht mehr in der Stadt.",
    "Die Polizei hat den Verdächtigen bereits am Montag festgenommen.",
    "Das Gericht hat die Klage der Anwohner abgewiesen.",
    "The council signed the contract with the builder in March.",
    "The minister sat on the board of an energy company before her election.",
]
CHATTER = [
    "Wir wünschen allen Leserinnen und Lesern ein schönes Wochenende.",
    "Schreiben Sie uns Ihre Meinung in die Kommentare.",
    "Mehr dazu lesen Sie morgen in unserer Ausgabe.",
    "Das Wetter bleibt wechselhaft, nehmen Sie einen Schirm mit.",
    "Hier finden Sie alle Beiträge unserer Serie.",
    "Unser Team freut sich auf Ihre Hinweise.",
    "Thanks for reading, see you next week.",
    "Share your thoughts with us in the comments.",
]
