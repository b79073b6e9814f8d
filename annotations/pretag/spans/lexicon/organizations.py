"""Organisation names and the words that make a phrase an organisation.

``ORGANIZATIONS`` lists names that are organisations on their own (international bodies,
parties, agencies, media, large companies), in German and English spellings and in the
inflected forms that news text uses ("Weißen Haus"). ``GENERIC_HEADS_*`` are common nouns that
name an organisation only with a qualifier ("die russische Armee", "Nordkoreas Regierung"),
``TITLE_HEADS_EN`` end capitalised English names ("the Defense Department"), and
``COMPANY_SUFFIXES`` end company names ("Siemens AG").
"""

from __future__ import annotations

from . import word_set

NAMES = """
UN|UNO|Vereinte Nationen|Vereinten Nationen|United Nations|UN-Sicherheitsrat|Sicherheitsrat
Security Council|UN Security Council|UN-Generalversammlung|General Assembly|NATO|Nato|EU
Europäische Union|Europäischen Union|European Union|EU-Kommission|Europäische Kommission
Europäischen Kommission|European Commission|Europäisches Parlament|Europäischen Parlament
European Parliament|Europarat|Council of Europe|Europäischer Rat|Europäischen Rat
European Council|EZB|Europäische Zentralbank|Europäischen Zentralbank|European Central Bank|ECB
IWF|Internationaler Währungsfonds|Internationalen Währungsfonds|IMF|International Monetary Fund
Weltbank|World Bank|WHO|Weltgesundheitsorganisation|World Health Organization|WTO
Welthandelsorganisation|World Trade Organization|OSZE|OSCE|OECD|OPEC|Opec|IAEA|IAEO
Internationale Atomenergiebehörde|Internationalen Atomenergiebehörde
International Atomic Energy Agency|UNHCR|UNICEF|Unicef|UNESCO|Unesco|UNRWA|WFP
Welternährungsprogramm|World Food Programme|IStGH|Internationaler Strafgerichtshof
Internationalen Strafgerichtshof|International Criminal Court|ICC|IGH
Internationaler Gerichtshof|Internationalen Gerichtshof|International Court of Justice|ICJ|G7
G20|G-7|G-20|BRICS|ASEAN|Afrikanische Union|Afrikanischen Union|African Union|Arabische Liga
Arabischen Liga|Arab League|Rotes Kreuz|Roten Kreuz|Roten Kreuzes|Red Cross|IKRK|ICRC
Amnesty International|Human Rights Watch|Greenpeace|Ärzte ohne Grenzen|Doctors Without Borders
Interpol|Europol|Frontex|Kreml|Kremls|Kremlin|Pentagon|Pentagons|Weißes Haus|Weißen Haus
Weißen Hauses|Weisses Haus|Weissen Haus|Weissen Hauses|White House|Downing Street|Élysée|Elysée
Élysée-Palast|Elysee|Kongress|Congress|US-Kongress|Senat|Senate|US-Senat|Repräsentantenhaus
House of Representatives|Bundestag|Bundestags|Bundesrat|Bundesrats|Bundesregierung
Bundesregierungen|Bundeskanzleramt|Bundesverfassungsgericht|Bundesgerichtshof|Bundeswehr
Bundesversammlung|Nationalrat|Ständerat|Bundesgericht|Bundesamt für Statistik
Statistisches Bundesamt|Destatis|Bundesnachrichtendienst|BND|Verfassungsschutz
Bundesamt für Verfassungsschutz|Bundeskriminalamt|BKA|Bundespolizei|Auswärtiges Amt
Auswärtigen Amt|Auswärtigen Amtes|Bundesbank|Deutsche Bundesbank|Deutschen Bundesbank
Nationalbank|Schweizerische Nationalbank|Schweizerischen Nationalbank|SNB|Fed|Federal Reserve
US-Notenbank|Bank of England|Bank of Japan|FBI|CIA|NSA|FSB|GRU|KGB|SBU|Mossad|MI5|MI6
State Department|Department of State|Department of Defense|Department of Justice
Justice Department|Homeland Security|Department of Homeland Security|Supreme Court
Oberster Gerichtshof|Obersten Gerichtshof|Duma|Staatsduma|Werchowna Rada|Rada|Knesset
Parlament der Ukraine|Volkskongress|Nationaler Volkskongress|Politbüro|Politburo
Partei der Arbeit Koreas|Partei der Arbeit|Workers' Party of Korea|Kommunistische Partei Chinas
Kommunistischen Partei Chinas|Communist Party of China|Chinese Communist Party|KPCh|CCP
Einiges Russland|United Russia|SPD|CDU|CSU|FDP|AfD|Grünen|Bündnis 90/Die Grünen|Die Linke
Linkspartei|BSW|Bündnis Sahra Wagenknecht|SVP|SP|GLP|EVP|ÖVP|FPÖ|SPÖ|NEOS|Republikaner
Demokraten|Republican Party|Democratic Party|Republicans|Democrats|GOP|Labour|Labour Party
Tories|Conservative Party|Konservative Partei|Liberal Democrats|Sinn Féin|Likud|Fidesz
Rassemblement National|Hamas|Hisbollah|Hezbollah|Huthi|Huthis|Houthis|Huthi-Miliz|Taliban
Islamischer Staat|Islamischen Staat|Islamischen Staates|Islamic State|IS|ISIS|Al-Kaida|al-Qaida
Al-Qaeda|al-Qaeda|Wagner-Gruppe|Wagner Group|PKK|Revolutionsgarden|Revolutionary Guards|ARD|ZDF
Tagesschau|Tagesthemen|heute journal|Deutschlandfunk|Deutsche Welle|DW|SRF|SRG|RTS|ORF|BBC|CNN
Fox News|NBC|CBS|ABC News|NPR|MSNBC|Euronews|Al Jazeera|Al-Dschasira|Reuters|AFP|dpa|AP
Associated Press|Keystone-SDA|Deutsche Presse-Agentur|Deutschen Presse-Agentur|SDA|APA
Bloomberg|Interfax|TASS|Tass|RIA Nowosti|RIA Novosti|RT
Russia Today|Sputnik|KCNA|KCNA Watch|Yonhap|Xinhua|Kyodo|Ukrinform|New York Times
Washington Post|Wall Street Journal|Financial Times|The Guardian|Guardian|The Times
The Economist|Politico|Axios|Le Monde|Le Figaro|El País|Corriere della Sera|Spiegel|Der Spiegel
Spiegel Online|Zeit Online|FAZ|Frankfurter Allgemeine|Frankfurter Allgemeinen Zeitung
Süddeutsche Zeitung|Süddeutschen Zeitung|SZ|Bild-Zeitung|Handelsblatt|taz|NZZ
Neue Zürcher Zeitung|Neuen Zürcher Zeitung|Tages-Anzeiger|Kronen Zeitung|Google
Apple|Microsoft|Amazon|Meta|Facebook|Instagram|WhatsApp|Twitter|TikTok|YouTube|OpenAI|Nvidia
Tesla|SpaceX|Starlink|Netflix|Samsung|Huawei|Alibaba|Tencent|Sony|Toyota|Volkswagen|VW|BMW
Mercedes-Benz|Daimler|Siemens|SAP|Allianz|BASF|Bosch|Lufthansa|Deutsche Bahn|Deutsche Bank
Commerzbank|Deutsche Telekom|Telekom|Rheinmetall|Airbus|Boeing|Lockheed Martin|Raytheon|Nestlé
Novartis|Roche|UBS|Credit Suisse|Swisscom|SBB|Glencore|ABB|Zurich Insurance|Swiss Re|Gazprom
Rosneft|Lukoil|Rosatom|Shell|BP|ExxonMobil|Exxon|Chevron|TotalEnergies|Aramco|Saudi Aramco
JPMorgan|Goldman Sachs|BlackRock|Pfizer|BioNTech|Moderna|AstraZeneca|Johnson & Johnson|Walmart
Coca-Cola|IKEA|Harvard|Harvard University|Stanford|Oxford University|University of Oxford
Statistische Bundesamt|Statistischen Bundesamt|Statistischen Bundesamtes|Eurostat|Ifo-Institut|Ifo
DIW|Bundesagentur für Arbeit|Bundesnetzagentur
ETH Zürich|ETH|Max-Planck-Gesellschaft|Fraunhofer|Robert Koch-Institut|Robert-Koch-Institut|RKI
"""


def _parse(block: str) -> set[str]:
    return {name.strip() for line in block.splitlines() for name in line.split("|") if name}


ORGANIZATIONS: frozenset[str] = frozenset(_parse(NAMES))

# German nouns that name an organisation once a nationality or a country qualifies them.
GENERIC_HEADS_DE: frozenset[str] = word_set(
    """
    Regierung Regierungen Armee Partei Streitkräfte Streitkräften Marine Luftwaffe
    Polizei Botschaft Zentralbank Notenbank Geheimdienst Geheimdienstes Geheimdienste
    Staatsanwaltschaft Parlament Parlaments Staatsmedien Nachrichtenagentur
    Staatsagentur Behörde Behörden Militär Militärs Führung Staatsführung Regime Regimes
    Regierungspartei Justiz Truppen Delegation Staatsfernsehen Staatsführung
    Militärführung Zollbehörde Küstenwache
    """
)

# Lowercase English nouns after a nationality adjective ("the Russian army").
GENERIC_HEADS_EN: frozenset[str] = word_set(
    """
    government army military navy parliament police embassy ministry regime authorities
    troops forces delegation leadership administration
    """
)

# German compounds ending like this are organisations on their own ("Verteidigungsministerium").
ORG_SUFFIXES_DE: tuple[str, ...] = (
    "ministerium",
    "ministeriums",
    "ministerien",
    "kommissariat",
    "bundesamt",
    "bundesamts",
    "bundesamtes",
    "staatsanwaltschaft",
)

# Capitalised words that end an English organisation name ("Russian Defence Ministry").
TITLE_HEADS_EN: frozenset[str] = word_set(
    """
    Ministry Department Party Army Council Commission Agency Bank University Court
    Parliament Assembly Committee Office Corporation Company Group Institute Foundation
    Association Union Organization Organisation Forces Navy Police Times Post News
    Journal Service Authority Bureau Guard Federation Alliance Fund
    """
)

# Words that open an English organisation name followed by "of" ("Ministry of Defence").
OF_HEADS_EN: frozenset[str] = word_set(
    """
    Ministry Department Bank University Institute Council Commission Court Office Bureau
    Federation Association Union Party Organization Organisation
    """
)

COMPANY_SUFFIXES: frozenset[str] = word_set(
    "AG GmbH SE KG KGaA Inc Inc. Corp Corp. Ltd Ltd. LLC plc PLC S.A. N.V. Co. SA NV"
)

# Party names and abbreviations that stand in brackets after a politician ("Nina Warken (CDU)").
PARTIES: frozenset[str] = word_set(
    """
    CDU CSU SPD FDP AfD Grüne Grünen Linke LINKE BSW FW ÖVP SPÖ FPÖ NEOS SVP SP FDP.
    GLP Mitte EVP PDS WASG NPD Piraten Labour Tory Tories Conservative Conservatives LibDem
    Republican Republicans Democrat Democrats GOP R D I
    """
)
