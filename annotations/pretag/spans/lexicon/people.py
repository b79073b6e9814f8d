"""Person cues: given names, well-known people, and role words that precede a name.

A capitalised word is only taken for part of a person's name when something vouches for it:
a role word before it ("Verteidigungsminister Andrej Beloussow"), a given name at its start
("Andrej"), a listed well-known person, or an East Asian family name at the start of a run of
short name tokens ("Kim Jong Un"). German capitalises every noun, so a bare run of capitalised
words proves nothing.
"""

from __future__ import annotations

from . import word_set

GIVEN_NAMES: frozenset[str] = word_set(
    """
    Aaron Abdel Abdul Abdullah Abu Adam Adolf Agnes Ahmad Ahmed Alain Alan Alberto
    Albert Alejandro Aleksandr Alexander Alexandra Alexandre Alexei Alexej Alexey Ali
    Alice Alain Alina Alois Amir Amy Ana Andrea Andreas Andrej Andrei Andrew Andrzej
    Angela Angelika Anja Anke Ann Anna Annalena Anne Annette Anthony Anton Antonio
    Antony Ariel Armin Arnold Arthur Ashraf Ayman Barack Barbara Bashar Beat Beatrix Ben
    Benedikt Benjamin Benny Bernard Bernd Bernhard Bill Birgit Björn Bob Bodo Boris
    Brian Bruno Carl Carlos Carmen Caroline Catherine Cem Charles Charlotte Chris
    Christian Christiane Christina Christine Christoph Christopher Claudia Claus Dan
    Daniel Daniela David Denis Dennis Dieter Dietmar Dimitri Dmitri Dmitrij Dmitry
    Dominik Donald Doris Dorothea Edward Elena Elias Elisabeth Elizabeth Elon Emma
    Emmanuel Enrique Eric Erich Erik Ernst Eva Evelyn Fabian Felix Ferdinand Florian
    Frank Franz Frank-Walter François Friedrich Gabriel Gabriele Georg George Gerhard
    Gernot Giorgia Gordon Gregor Guido Günter Günther Hans Hans-Georg Hanna Hannah
    Harald Heiko Heinrich Heinz Helen Helena Helga Helmut Henry Herbert Hillary Horst
    Hubert Hugo Igor Ilja Ilya Ingo Ingrid Irina Isabel Ivan Iwan Jacob Jakob James Jan
    Jane Janet Jared Javier Jean Jean-Claude Jean-Luc Jeff Jennifer Jens Jerome Jessica
    Jewgeni Jewgenij Jim Joachim Johann Johannes John Jonas Jonathan Jordan Jörg Josef
    Joseph Josep Juan Judith Julia Julian Jürgen Justin Karin Karl Karl-Heinz Kamala
    Karen Katharina Katja Kathrin Keir Kevin Klaus Kristalina Kurt Lars Laura Lena Leo
    Leon Lisa Lloyd Lorenz Louis Luca Lucas Ludwig Luis Luiz Lukas Lutz Magdalena
    Manfred Manuel Marc Marco Margaret Maria Marie Marina Mario Mark Markus Marcus
    Martin Martina Mary Matthias Max Maximilian Melanie Michael Michail Michel Michelle
    Mike Mikhail Mohammed Mohammad Mohamed Muhammad Monika Naftali Nancy Natalia Natalja
    Nicola Nicolas Niklas Nikolai Nikolaj Nina Nils Norbert Olaf Oleg Olena Oliver Olga
    Omar Oscar Oskar Pascal Patrick Paul Pedro Peter Petra Philipp Pierre Rafael Rainer
    Ralf Ralph Ramzan Recep Reinhard René Richard Rishi Robert Roberto Roger Roland Rolf
    Roman Ron Rudolf Ruth Sabine Sahra Salman Sam Samuel Sandra Sarah Sascha Sebastian
    Sergei Sergej Sergey Sigmar Silvia Simon Sophie Stefan Stefanie Steffen Stephan
    Stephen Steve Steven Susanne Sven Svenja Tatjana Theresa Thomas Thorsten Tim Timo
    Tobias Tom Torsten Ulf Ulrich Ulrike Ursula Uwe Valentina Valeri Valerij Viktor
    Viktoria Vladimir Volker Volodymyr Walter Werner Wiktor Wilhelm William Winfried
    Wladimir Wolfgang Wolodymyr Xavier Yoav Yuri Yulia Julija Juri Jurij Zoran
    """
)

# East Asian family names that open a name run ("Kim Jong Un", "Xi Jinping", "No Kwang Chol").
FAMILY_NAMES_EAST_ASIA: frozenset[str] = word_set(
    """
    Kim Lee Choi Yoon Roh No Han Jung Kang Cho Lim Shin Ri Pak Xi Li Wang Zhang Liu Chen
    Yang Zhao Huang Zhou Wu Hu Deng Mao Wen Lai Tsai
    """
)

# Full names that are persons wherever they occur; their last word counts on its own too.
KNOWN_PEOPLE: frozenset[str] = frozenset(
    name.strip()
    for name in """
    Wladimir Putin|Vladimir Putin|Putin|Wolodymyr Selenskyj|Volodymyr Zelensky|Selenskyj
    Zelensky|Zelenskyy|Selenski|Kim Jong Un|Kim Jong-un|Kim Yo Jong|Kim Il Sung|Kim Jong Il
    Xi Jinping|Joe Biden|Biden|Donald Trump|Trump|Kamala Harris|Barack Obama|Obama
    Olaf Scholz|Scholz|Friedrich Merz|Merz|Angela Merkel|Merkel|Annalena Baerbock|Baerbock
    Boris Pistorius|Pistorius|Robert Habeck|Habeck|Christian Lindner|Lindner
    Frank-Walter Steinmeier|Steinmeier|Emmanuel Macron|Macron|Keir Starmer|Starmer
    Rishi Sunak|Sunak|Giorgia Meloni|Meloni|Viktor Orbán|Viktor Orban|Orbán|Orban
    Recep Tayyip Erdoğan|Recep Tayyip Erdogan|Erdoğan|Erdogan|Benjamin Netanjahu
    Benjamin Netanyahu|Netanjahu|Netanyahu|Ursula von der Leyen|von der Leyen
    António Guterres|António Guterres|Guterres|Jens Stoltenberg|Stoltenberg|Mark Rutte|Rutte
    Sergej Lawrow|Sergei Lavrov|Lawrow|Lavrov|Sergej Schoigu|Sergei Shoigu|Schoigu|Shoigu
    Andrej Beloussow|Andrei Belousov|Beloussow|Belousov|Dmitri Medwedew|Dmitry Medvedev
    Medwedew|Medvedev|Dmitri Peskow|Dmitry Peskov|Peskow|Peskov|Alexander Lukaschenko
    Alexander Lukashenko|Lukaschenko|Lukashenko|Jewgeni Prigoschin|Yevgeny Prigozhin
    Prigoschin|Prigozhin|Alexej Nawalny|Alexei Navalny|Nawalny|Navalny|Julija Nawalnaja
    Yulia Navalnaya|Antony Blinken|Blinken|Lloyd Austin|Jake Sullivan|Pete Hegseth|Hegseth
    Marco Rubio|Rubio|JD Vance|J.D. Vance|Vance|Elon Musk|Musk|Mike Pence|Nancy Pelosi|Pelosi
    Hillary Clinton|Bill Clinton|Clinton|Yoon Suk Yeol|Yoon Suk-yeol|Lee Jae-myung
    Lee Jae Myung|Choe Son Hui|No Kwang Chol|Fumio Kishida|Shigeru Ishiba|Narendra Modi|Modi
    Luiz Inácio Lula da Silva|Lula da Silva|Lula|Javier Milei|Milei|Mohammed bin Salman
    Ali Chamenei|Ali Khamenei|Chamenei|Khamenei|Baschar al-Assad|Bashar al-Assad|Assad
    Ismail Hanija|Ismail Haniyeh|Jahja Sinwar|Yahya Sinwar|Sinwar|Hassan Nasrallah|Nasrallah
    Papst Franziskus|Pope Francis|Franziskus|Karl III.|King Charles|Charles III
    Walerij Saluschnyj|Valerii Zaluzhnyi|Saluschnyj|Oleksandr Syrskyj|Oleksandr Syrskyi
    Andrij Jermak|Andriy Yermak|Jermak|Yermak|Dmytro Kuleba|Kuleba|Andrij Sybiha|Sybiha
    Karin Keller-Sutter|Keller-Sutter|Ignazio Cassis|Cassis|Viola Amherd|Amherd|Alain Berset
    Berset|Karl Nehammer|Nehammer|Alexander Van der Bellen|Van der Bellen|Herbert Kickl|Kickl
    Alice Weidel|Weidel|Sahra Wagenknecht|Wagenknecht|Markus Söder|Söder|Hubert Aiwanger
    Aiwanger|Christine Lagarde|Lagarde|Jerome Powell|Powell|Kristalina Georgieva|Georgieva
    Tedros Adhanom Ghebreyesus|Tedros|Rafael Grossi|Grossi|Kaja Kallas|Kallas|Josep Borrell
    Borrell|Charles Michel|António Costa|Donald Tusk|Tusk|Andrzej Duda|Duda|Pedro Sánchez
    Robert Fico|Fico|Mette Frederiksen|Ulf Kristersson|Alexander Stubb|Stubb|Petteri Orpo
    """.replace("\n", "|").split("|")
    if name.strip()
)

# Role words: a capitalised name right after one of these is a person. German compounds are
# matched by their ending ("Verteidigungsminister", "Amtskollegen"), so inflected forms are
# listed as endings too.
ROLE_SUFFIXES_DE: tuple[str, ...] = tuple(
    word_set(
        """
    minister ministerin ministers präsident präsidentin präsidenten präsidents kanzler
    kanzlerin kanzlers sprecher sprecherin sprechers chef chefin chefs kollege kollegen
    kollegin führer führerin führers sekretär sekretärin sekretärs botschafter
    botschafterin botschafters general generals generalin direktor direktorin direktors
    vorsitzende vorsitzender vorsitzenden machthaber machthabers diktator diktators
    könig königin prinz prinzessin papst senator senatorin gouverneur gouverneurin
    bürgermeister bürgermeisterin abgeordnete abgeordneter abgeordneten kommandeur
    kommandeurs befehlshaber premier leiter leiterin beauftragte beauftragter
    beauftragten professor professorin experte expertin analyst analystin journalist
    journalistin anwalt anwältin richter richterin staatsanwalt staatsanwältin autor
    autorin gründer gründerin oppositionsführer politiker politikerin aktivist
    aktivistin ökonom ökonomin historiker historikerin vertreter vertreterin gesandte
    gesandter oberst major admiral marschall feldmarschall staatschef staatschefs
    regierungschef regierungschefin parteichef parteichefin rätin berater beraterin
    """
    )
)

# German role words that are separate titles rather than compound endings.
ROLE_WORDS_DE: frozenset[str] = word_set(
    """
    Herr Herrn Frau Dr. Prof. Dr Prof CEO Bundesrat Nationalrat Ständerat Stadtrat
    Regierungsrat Kronprinz Scheich Emir Kardinal Bischof Pfarrer
    """
)

ROLE_WORDS_EN: frozenset[str] = word_set(
    """
    President President-elect Chancellor Minister Secretary Senator Sen. Rep.
    Representative Gov. Governor Mayor General Gen. Lt. Col. Colonel Admiral Adm. Mr.
    Mrs. Ms. Dr. Prof. Mr Mrs Ms Dr Prof Professor Pope King Queen Prince Princess
    Sheikh Emir Judge Ambassador Commander CEO Chairman Chairwoman Speaker Premier
    Leader Chief Envoy Director Marshal Sir Dame Lord Lady Cardinal Bishop Rabbi Imam
    president chancellor minister secretary senator governor mayor general colonel
    admiral spokesman spokeswoman spokesperson leader chief envoy director ambassador
    commander chairman chairwoman founder analyst economist premier dictator counterpart
    """
)

# Name particles that may stand between capitalised name words ("Ursula von der Leyen").
NAME_PARTICLES: frozenset[str] = word_set(
    "von van der den de da di del della du la le bin ibn al el dos das zu ter ten"
)
