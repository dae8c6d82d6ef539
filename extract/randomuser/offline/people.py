"""Nationalities for the offline server: names, places and number formats.

Small, hand-written lists in the shape of the real API's data (non-ASCII names,
integer postcodes for some countries and strings for others, ``id.value`` null for
some), enough for varied test data without shipping the API's own lists.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Nationality:
    code: str
    country: str
    # (native spelling, ASCII spelling used in e-mail addresses)
    male_names: tuple[tuple[str, str], ...]
    female_names: tuple[tuple[str, str], ...]
    last_names: tuple[tuple[str, str], ...]
    cities: tuple[tuple[str, str], ...]  # (city, state)
    streets: tuple[str, ...]
    postcode: str  # pattern: 9 = digit, A = letter; "int:" prefix = JSON integer
    phone: str
    id_name: str
    id_value: str | None  # pattern, or None when the API sends null
    titles_male: tuple[str, ...] = ("Mr",)
    titles_female: tuple[str, ...] = ("Ms", "Mrs", "Miss")


_UNDECOMPOSABLE = str.maketrans({"Ø": "O", "ø": "o", "Æ": "Ae", "æ": "ae", "ß": "ss"})


def _same(*names: str) -> tuple[tuple[str, str], ...]:
    """Latin names: the e-mail spelling drops the accents (Félix -> felix)."""
    return tuple((name, _fold(name)) for name in names)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSABLE))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


NATIONALITIES: tuple[Nationality, ...] = (
    Nationality(
        code="US",
        country="United States",
        male_names=_same("Brandon", "Dwayne", "Harold", "Jesse", "Lloyd"),
        female_names=_same("Allison", "Brittany", "Ella", "Marsha", "Vera"),
        last_names=_same("Bennett", "Carroll", "Hughes", "Ortiz", "Wheeler"),
        cities=(("Fort Collins", "Colorado"), ("Toledo", "Ohio"), ("Reno", "Nevada")),
        streets=("Paddock Way", "Lovers Ln", "Northaven Rd", "W Belt Line Rd"),
        postcode="int:99999",
        phone="(999) 999-9999",
        id_name="SSN",
        id_value="999-99-9999",
    ),
    Nationality(
        code="GB",
        country="United Kingdom",
        male_names=_same("Alfie", "Callum", "Harvey", "Oliver", "Reece"),
        female_names=_same("Amelia", "Chloe", "Isla", "Megan", "Poppy"),
        last_names=_same("Barnes", "Fletcher", "Holmes", "Marshall", "Wood"),
        cities=(("Salford", "Merseyside"), ("Truro", "Cornwall"), ("Ely", "Cambridgeshire")),
        streets=("Mill Lane", "Church Road", "The Crescent", "Queens Road"),
        postcode="A9 9AA",
        phone="099999 99999",
        id_name="NINO",
        id_value="AA 99 99 99 A",
    ),
    Nationality(
        code="CA",
        country="Canada",
        male_names=_same("Liam", "Mathis", "Noah", "Félix", "Zachary"),
        female_names=_same("Chloé", "Léa", "Olivia", "Rosalie", "Sophie"),
        last_names=(
            ("Côté", "cote"),
            ("Gagnon", "gagnon"),
            ("Lévesque", "levesque"),
            ("Roy", "roy"),
            ("Tremblay", "tremblay"),
        ),
        cities=(("Trois-Rivières", "Québec"), ("Burlington", "Ontario"), ("Airdrie", "Alberta")),
        streets=("Dufferin St", "Lakeshore Rd", "King St", "Rue Saint-Denis"),
        postcode="A9A 9A9",
        phone="999-999-9999",
        id_name="SIN",
        id_value="999999999",
    ),
    Nationality(
        code="CH",
        country="Switzerland",
        male_names=_same("Dominic", "Jérôme", "Lukas", "Noé", "Reto"),
        female_names=_same("Anaïs", "Chiara", "Lea", "Mélanie", "Zoé"),
        last_names=(
            ("Faure", "faure"),
            ("Müller", "muller"),
            ("Girard", "girard"),
            ("Schnyder", "schnyder"),
            ("Perrin", "perrin"),
        ),
        cities=(("Trubschachen", "Zürich"), ("Sion", "Valais"), ("Köniz", "Bern")),
        streets=("Rue de L'Abbé-Patureau", "Place du 8 Février 1962", "Bahnhofstrasse"),
        postcode="int:9999",
        phone="099 999 99 99",
        id_name="AVS",
        id_value="756.9999.9999.99",
        titles_male=("Monsieur", "Mr"),
        titles_female=("Madame", "Mademoiselle", "Ms"),
    ),
    Nationality(
        code="DE",
        country="Germany",
        male_names=_same("Jörg", "Lars", "Maik", "Sönke", "Till"),
        female_names=_same("Annegret", "Jüte", "Käthe", "Lina", "Tatjana"),
        last_names=(
            ("Böhm", "bohm"),
            ("Krüger", "kruger"),
            ("Schäfer", "schafer"),
            ("Weiß", "weiss"),
            ("Ziegler", "ziegler"),
        ),
        cities=(("Görlitz", "Sachsen"), ("Lüneburg", "Niedersachsen"), ("Erfurt", "Thüringen")),
        streets=("Lindenstraße", "Mühlweg", "Schlossstraße", "Gartenstraße"),
        postcode="int:99999",
        phone="0999-9999999",
        id_name="SVNR",
        id_value="99 999999 A 999",
    ),
    Nationality(
        code="BR",
        country="Brazil",
        male_names=_same("Anselmo", "Cauã", "João", "Olímpio", "Vítor"),
        female_names=_same("Ágata", "Cláudia", "Iraci", "Luíza", "Tâmara"),
        last_names=(
            ("Araújo", "araujo"),
            ("Conceição", "conceicao"),
            ("Gonçalves", "goncalves"),
            ("Peixoto", "peixoto"),
            ("Souza", "souza"),
        ),
        cities=(("São Luís", "Maranhão"), ("Maringá", "Paraná"), ("Itapevi", "São Paulo")),
        streets=("Rua Castro Alves", "Rua São Francisco ", "Avenida Brasil", "Rua Três"),
        postcode="int:99999",
        phone="(99) 9999-9999",
        id_name="CPF",
        id_value="999.999.999-99",
    ),
    Nationality(
        code="NO",
        country="Norway",
        male_names=_same("Håkon", "Ørjan", "Sindre", "Tor", "Øystein"),
        female_names=_same("Åse", "Ingrid", "Maja", "Sølvi", "Tiril"),
        last_names=(
            ("Bråthen", "brathen"),
            ("Dahle", "dahle"),
            ("Kjærnes", "kjaernes"),
            ("Østby", "ostby"),
            ("Sæther", "saether"),
        ),
        cities=(("Tromsø", "Troms"), ("Bærum", "Akershus"), ("Ålesund", "Møre og Romsdal")),
        streets=("Bjørnerudveien", "Skårersletta", "Fjellgata", "Åsveien"),
        postcode="9999",
        phone="99999999",
        id_name="FN",
        id_value="99999999999",
    ),
    Nationality(
        code="UA",
        country="Ukraine",
        male_names=(
            ("Ярослав", "yaroslav"),
            ("Богдан", "bogdan"),
            ("Тарас", "taras"),
            ("Остап", "ostap"),
            ("Зиновій", "zinoviy"),
        ),
        female_names=(
            ("Ярослава", "yaroslava"),
            ("Олеся", "olesya"),
            ("Соломія", "solomiya"),
            ("Марта", "marta"),
            ("Христина", "hristina"),
        ),
        last_names=(
            ("Слободянюк", "slobodyanyuk"),
            ("Гнатишин", "gnatishin"),
            ("Кравчук", "kravchuk"),
            ("Мельник", "melnik"),
            ("Шевчук", "shevchuk"),
        ),
        cities=(("Калуш", "Івано-Франківська"), ("Ізмаїл", "Одеська"), ("Львів", "Львівська")),
        streets=("Шевченка", "Героїв Майдану", "Зелена", "Січових Стрільців"),
        postcode="int:99999",
        phone="(099) 999-9999",
        id_name="",
        id_value=None,
        titles_male=("Mr",),
        titles_female=("Ms", "Mrs"),
    ),
    Nationality(
        code="IR",
        country="Iran",
        male_names=(
            ("آرمین", "armin"),
            ("کیان", "kian"),
            ("سپهر", "sephr"),
            ("امیرعلی", "amyraly"),
            ("پارسا", "parsa"),
        ),
        female_names=(
            ("نازنین", "nznyn"),
            ("ستایش", "stysh"),
            ("یاسمین", "yasmin"),
            ("هلیا", "hlya"),
            ("مهسا", "mhsa"),
        ),
        last_names=(
            ("احمدی", "ahmdy"),
            ("رضایی", "rdyy"),
            ("کامروا", "kmrw"),
            ("محمدخان", "mhmdkhn"),
            ("سالاری", "slry"),
        ),
        cities=(("قزوین", "کردستان"), ("کرج", "البرز"), ("اصفهان", "اصفهان")),
        streets=("میدان انقلاب", "کارگر شمالی", "شهید باهنر", "پارک ولت"),
        postcode="int:99999",
        phone="099-99999999",
        id_name="",
        id_value=None,
    ),
    Nationality(
        code="NL",
        country="Netherlands",
        male_names=_same("Bram", "Joep", "Sjoerd", "Tijs", "Wout"),
        female_names=_same("Femke", "Maaike", "Noor", "Saskia", "Yfke"),
        last_names=(
            ("van den Berg", "vandenberg"),
            ("de Jong", "dejong"),
            ("Bakker", "bakker"),
            ("IJzerman", "ijzerman"),
            ("Smit", "smit"),
        ),
        cities=(("Zaanstad", "Noord-Holland"), ("Assen", "Drenthe"), ("Venlo", "Limburg")),
        streets=("Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsplein"),
        postcode="9999 AA",
        phone="(099) 9999999",
        id_name="BSN",
        id_value="99999999",
    ),
)

NATIONALITIES_BY_CODE = {nat.code: nat for nat in NATIONALITIES}

TIMEZONES: tuple[tuple[str, str], ...] = (
    ("-10:00", "Hawaii"),
    ("-5:00", "Eastern Time (US & Canada), Bogota, Lima"),
    ("-3:00", "Brazil, Buenos Aires, Georgetown"),
    ("-1:00", "Azores, Cape Verde Islands"),
    ("0:00", "Western Europe Time, London, Lisbon, Casablanca"),
    ("+1:00", "Brussels, Copenhagen, Madrid, Paris"),
    ("+2:00", "Kaliningrad, South Africa"),
    ("+3:30", "Tehran"),
    ("+5:30", "Bombay, Calcutta, Madras, New Delhi"),
    ("+9:00", "Tokyo, Seoul, Osaka, Sapporo, Yakutsk"),
    ("+10:00", "Eastern Australia, Guam, Vladivostok"),
)

USERNAME_WORDS = (
    ("happy", "sad", "tiny", "big", "lazy", "crazy", "silver", "golden", "purple", "brown"),
    ("wolf", "bird", "cat", "dog", "duck", "tiger", "koala", "fish", "frog", "panda"),
)
PASSWORDS = ("silver1", "goforit", "hunter2", "qwerty12", "dragon", "letmein", "sunshine", "1q2w3e")
