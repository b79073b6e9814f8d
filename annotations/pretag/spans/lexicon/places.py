"""Place names: countries, major cities and regions, in German and English spellings.

Only names are listed, no adjectives ("russisch" is not a place). German genitive forms
("Russlands") and English possessives ("Russia's") are derived by the detector, so each name
appears once. The canonical name reported in the payload is the surface without its genitive.
"""

from __future__ import annotations

COUNTRIES = """
Afghanistan|Ägypten|Egypt|Albanien|Albania|Algerien|Algeria|Andorra|Angola|Argentinien|Argentina
Armenien|Armenia|Aserbaidschan|Azerbaijan|Äthiopien|Ethiopia|Australien|Australia|Bahrain
Bangladesch|Bangladesh|Belarus|Weißrussland|Weissrussland|Belarussland|Belgien|Belgium|Belize
Benin|Bhutan|Bolivien|Bolivia|Bosnien-Herzegowina|Bosnien und Herzegowina|Bosnia and Herzegovina
Botswana|Brasilien|Brazil|Brunei|Bulgarien|Bulgaria|Burkina Faso|Burundi|Chile|China
Volksrepublik China|Costa Rica|Dänemark|Denmark|Deutschland|Germany|Bundesrepublik Deutschland
Dominikanische Republik|Dominican Republic|Dschibuti|Djibouti|Ecuador|El Salvador
Elfenbeinküste|Ivory Coast|Côte d'Ivoire|Eritrea|Estland|Estonia|Eswatini|Fidschi|Fiji
Finnland|Finland|Frankreich|France|Gabun|Gabon|Gambia|Georgien|Ghana|Griechenland|Greece
Grönland|Greenland|Großbritannien|Grossbritannien|Great Britain|Britain|Guatemala|Guinea
Guyana|Haiti|Honduras|Hongkong|Hong Kong|Indien|India|Indonesien|Indonesia|Irak|Iraq|Iran
Irland|Ireland|Island|Iceland|Israel|Italien|Italy|Jamaika|Jamaica|Japan|Jemen|Yemen
Jordanien|Jordan|Kambodscha|Cambodia|Kamerun|Cameroon|Kanada|Canada|Kasachstan|Kazakhstan
Katar|Qatar|Kenia|Kenya|Kirgistan|Kirgisistan|Kyrgyzstan|Kolumbien|Colombia|Kongo|Congo
Demokratische Republik Kongo|Democratic Republic of the Congo|Korea|Nordkorea|North Korea
Südkorea|South Korea|Kosovo|Kroatien|Croatia|Kuba|Cuba|Kuwait|Laos|Lettland|Latvia|Libanon
Lebanon|Liberia|Libyen|Libya|Liechtenstein|Litauen|Lithuania|Luxemburg|Luxembourg
Madagaskar|Madagascar|Malawi|Malaysia|Malediven|Maldives|Mali|Malta|Marokko|Morocco
Mauretanien|Mauritania|Mauritius|Mexiko|Mexico|Moldau|Moldawien|Moldova|Monaco|Mongolei
Mongolia|Montenegro|Mosambik|Mozambique|Myanmar|Birma|Burma|Namibia|Nepal|Neuseeland
New Zealand|Nicaragua|Niederlande|Netherlands|Holland|Niger|Nigeria|Nordmazedonien
North Macedonia|Norwegen|Norway|Oman|Österreich|Austria|Pakistan|Palästina|Palestine
Panama|Papua-Neuguinea|Papua New Guinea|Paraguay|Peru|Philippinen|Philippines|Polen|Poland
Portugal|Ruanda|Rwanda|Rumänien|Romania|Russland|Russia|Russische Föderation
Russian Federation|Sambia|Zambia|San Marino|Saudi-Arabien|Saudi Arabia|Schweden|Sweden
Schweiz|Switzerland|Senegal|Serbien|Serbia|Sierra Leone|Simbabwe|Zimbabwe|Singapur|Singapore
Slowakei|Slovakia|Slowenien|Slovenia|Somalia|Spanien|Spain|Sri Lanka|Sudan|Südsudan
South Sudan|Südafrika|South Africa|Syrien|Syria|Tadschikistan|Tajikistan|Taiwan|Tansania
Tanzania|Thailand|Togo|Tschad|Chad|Tschechien|Czechia|Czech Republic|Tunesien|Tunisia
Türkei|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|Ungarn|Hungary|Uruguay|Usbekistan
Uzbekistan|Vatikan|Vatican|Vatikanstadt|Vatican City|Venezuela|Vereinigte Arabische Emirate
United Arab Emirates|Vereinigte Staaten|United States|Vereinigten Staaten
United States of America|USA|US|U.S.|Amerika|America|Vereinigtes Königreich|United Kingdom
UK|England|Schottland|Scotland|Wales|Nordirland|Northern Ireland|Vietnam|Zypern|Cyprus
Zentralafrikanische Republik|Central African Republic|Dänemark|Kap Verde|Cape Verde
"""

CITIES = """
Pjöngjang|Pyongyang|Seoul|Moskau|Moscow|Kiew|Kyjiw|Kyiv|Kiev|Charkiw|Kharkiv|Odessa|Odesa
Mariupol|Cherson|Kherson|Saporischschja|Zaporizhzhia|Dnipro|Lwiw|Lviv|Bachmut|Bakhmut
Awdijiwka|Avdiivka|Donezk|Donetsk|Luhansk|Sankt Petersburg|St. Petersburg|Saint Petersburg
Wladiwostok|Vladivostok|Minsk|Peking|Beijing|Shanghai|Schanghai|Wuhan|Taipeh|Taipei|Tokio
Tokyo|Osaka|Hiroshima|Neu-Delhi|New Delhi|Delhi|Mumbai|Islamabad|Kabul|Teheran|Tehran
Bagdad|Baghdad|Damaskus|Damascus|Aleppo|Beirut|Jerusalem|Tel Aviv|Gaza|Rafah|Chan Junis
Khan Younis|Ramallah|Amman|Kairo|Cairo|Riad|Riyadh|Doha|Dubai|Abu Dhabi|Ankara|Istanbul
Athen|Athens|Rom|Rome|Mailand|Milan|Neapel|Naples|Madrid|Barcelona|Lissabon|Lisbon|Paris
Marseille|Lyon|Straßburg|Strasbourg|Brüssel|Brussels|Amsterdam|Den Haag|The Hague
Luxemburg|London|Manchester|Edinburgh|Dublin|Berlin|Hamburg|München|Munich|Köln|Cologne
Frankfurt|Stuttgart|Düsseldorf|Dresden|Leipzig|Hannover|Bremen|Nürnberg|Bonn|Potsdam
Wien|Vienna|Graz|Linz|Salzburg|Innsbruck|Bern|Zürich|Zurich|Genf|Geneva|Basel|Lausanne
Luzern|Lucerne|St. Gallen|Lugano|Winterthur|Davos|Warschau|Warsaw|Krakau|Krakow|Prag
Prague|Budapest|Bratislava|Pressburg|Bukarest|Bucharest|Sofia|Belgrad|Belgrade|Zagreb
Ljubljana|Sarajevo|Pristina|Tirana|Skopje|Chisinau|Kischinau|Vilnius|Wilna|Riga|Tallinn
Helsinki|Stockholm|Oslo|Kopenhagen|Copenhagen|Reykjavik|Washington|New York|Los Angeles
Chicago|San Francisco|Boston|Miami|Houston|Dallas|Seattle|Atlanta|Detroit|Philadelphia
Ottawa|Toronto|Montreal|Vancouver|Mexiko-Stadt|Mexico City|Havanna|Havana|Caracas|Bogotá
Bogota|Lima|Santiago|Buenos Aires|Brasília|Brasilia|Rio de Janeiro|São Paulo|Sao Paulo
Canberra|Sydney|Melbourne|Wellington|Jakarta|Manila|Bangkok|Hanoi|Singapur|Kuala Lumpur
Nairobi|Addis Abeba|Addis Ababa|Lagos|Abuja|Johannesburg|Kapstadt|Cape Town|Pretoria
Khartum|Khartoum|Tripolis|Tripoli|Tunis|Algier|Algiers|Rabat|Casablanca|Baku|Eriwan|Yerevan
Tiflis|Tbilisi|Astana|Taschkent|Tashkent|Kursk|Belgorod|Brjansk|Bryansk|Rostow|Rostov
Sewastopol|Sevastopol|Simferopol|Jalta|Yalta|Nowosibirsk|Novosibirsk|Jekaterinburg
Yekaterinburg|Kaliningrad|Königsberg|Murmansk|Tschernobyl|Chernobyl|Pokrowsk|Pokrovsk
"""

REGIONS = """
Europa|Europe|Asien|Asia|Afrika|Africa|Nordamerika|North America|Südamerika|South America
Lateinamerika|Latin America|Ozeanien|Oceania|Antarktis|Antarctica|Arktis|Arctic|Nahost
Nahen Osten|Naher Osten|Middle East|Mittlerer Osten|Ostasien|East Asia|Südostasien
Southeast Asia|Zentralasien|Central Asia|Osteuropa|Eastern Europe|Westeuropa|Western Europe
Skandinavien|Scandinavia|Balkan|Baltikum|Kaukasus|Caucasus|Sibirien|Siberia|Krim|Crimea
Donbass|Donbas|Gazastreifen|Gaza Strip|Westjordanland|West Bank|Golanhöhen|Golan Heights
Sinai|Kaschmir|Kashmir|Tibet|Xinjiang|Bergkarabach|Nagorno-Karabakh|Transnistrien
Transnistria|Darfur|Sahel|Mittelmeer|Mediterranean|Ostsee|Baltic Sea|Schwarzes Meer
Schwarzen Meer|Black Sea|Rotes Meer|Roten Meer|Red Sea|Nordsee|North Sea|Atlantik|Atlantic
Pazifik|Pacific|Indischer Ozean|Indian Ocean|Persischer Golf|Persian Gulf|Taiwanstraße
Taiwan Strait|Südchinesisches Meer|South China Sea|Koreanische Halbinsel|Korean Peninsula
Bayern|Bavaria|Baden-Württemberg|Nordrhein-Westfalen|Niedersachsen|Hessen|Sachsen
Thüringen|Brandenburg|Sachsen-Anhalt|Mecklenburg-Vorpommern|Schleswig-Holstein
Rheinland-Pfalz|Saarland|Tirol|Vorarlberg|Kärnten|Steiermark|Tessin|Wallis|Graubünden
Kalifornien|California|Texas|Florida|Alaska|Hawaii|Arizona|Georgia|Pennsylvania|Ohio
Michigan|Wisconsin|Nevada|Virginia|Oregon|Kentucky|Tennessee|Alabama|Louisiana|Iowa
"""


def _parse(block: str) -> set[str]:
    return {name.strip() for line in block.splitlines() for name in line.split("|") if name}


PLACES: frozenset[str] = frozenset(_parse(COUNTRIES) | _parse(CITIES) | _parse(REGIONS))
