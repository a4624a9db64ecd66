"""Who and what the demo programme is made of: accounts, venues, films and people.

Everything is keyed by a short name the programme (programme.py) refers to."""
from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.localised import Translations
from scheduler.models import Role


@dataclass(frozen=True)
class Account:
    email: str
    name: str
    role: Role = Role.organiser


ADMIN = Account("admin@example.org", "Tamar Kiknadze", Role.admin)
# The organiser whose login is printed, so they own the festival and the draft.
ORGANISER = Account("festival@example.org", "Nino Gelashvili")
ACCOUNTS = (ADMIN, ORGANISER, Account("trainings@example.org", "Volha Sidarenka"),
            Account("partnerships@example.org", "Pieter de Vries"))


@dataclass(frozen=True)
class VenueSpec:
    name: str
    city: str
    country: str
    timezone: str
    capacity: int
    address: str = ""
    online_url: str | None = None
    changeover_minutes: int = 0
    translations: Translations = field(default_factory=dict)


def texts(ru: str, ka: str, key: str = "name", **more: tuple[str, str]) -> Translations:
    """Russian and Georgian texts: `key` in each, and each of `more` as (ru, ka)."""
    return {"ru": {key: ru, **{name: pair[0] for name, pair in more.items()}},
            "ka": {key: ka, **{name: pair[1] for name, pair in more.items()}}}


# Cinemas are cleaned between screenings, the hotel hall reset between panels.
VENUES = {
    "amirani": VenueSpec("Amirani Cinema Hall 2", "Tbilisi", "GE", "Asia/Tbilisi", 24,
                         "36 Merab Kostava St", changeover_minutes=15, translations=texts(
                             "Кинотеатр «Амирани», зал 2", "კინოთეატრი „ამირანი“, დარბაზი 2",
                             address=("ул. Мераба Костава, 36", "მერაბ კოსტავას ქ. 36"))),
    "rustaveli": VenueSpec("Rustaveli Cinema Small Hall", "Tbilisi", "GE", "Asia/Tbilisi", 30,
                           "5 Shota Rustaveli Ave", changeover_minutes=15, translations=texts(
                               "Кинотеатр «Руставели», малый зал",
                               "კინოთეატრი „რუსთაველი“, მცირე დარბაზი",
                               address=("пр. Шота Руставели, 5", "შოთა რუსთაველის გამზ. 5"))),
    "batumi": VenueSpec("Batumi Public Library Screening Room", "Batumi", "GE",
                        "Asia/Tbilisi", 28, changeover_minutes=15, translations=texts(
                            "Кинозал Батумской публичной библиотеки",
                            "ბათუმის საჯარო ბიბლიოთეკის კინოდარბაზი")),
    "iveria": VenueSpec("Radisson Blu Iveria Conference Hall", "Tbilisi", "GE", "Asia/Tbilisi",
                        120, "1 Rose Revolution Square", changeover_minutes=15,
                        translations=texts(
                            "Конференц-зал отеля Radisson Blu Iveria",
                            "სასტუმრო Radisson Blu Iveria-ს საკონფერენციო დარბაზი",
                            address=("площадь Революции роз, 1",
                                     "ვარდების რევოლუციის მოედანი 1"))),
    "schiphol": VenueSpec("Schiphol Airport Briefing Centre", "Schiphol", "NL",
                          "Europe/Amsterdam", 12, "Evert van de Beekstraat 202",
                          translations=texts("Брифинг-центр аэропорта Схипхол",
                                             "სხიპჰოლის აეროპორტის ბრიფინგ-ცენტრი")),
    "hague": VenueSpec("Ministry of Justice and Security", "The Hague", "NL",
                       "Europe/Amsterdam", 20, "Turfmarkt 147",
                       translations=texts("Министерство юстиции и безопасности",
                                          "იუსტიციისა და უსაფრთხოების სამინისტრო")),
    "minsk": VenueSpec("Hotel Minsk Conference Room", "Minsk", "BY", "Europe/Minsk", 30,
                       "11 Nezavisimosti Ave", translations=texts(
                           "Конференц-зал гостиницы «Минск»",
                           "სასტუმრო „მინსკის“ საკონფერენციო ოთახი",
                           address=("пр. Независимости, 11", "დამოუკიდებლობის გამზ. 11"))),
    "brest": VenueSpec("Brest Regional Training Centre", "Brest", "BY", "Europe/Minsk", 25,
                       translations=texts("Брестский областной учебный центр",
                                          "ბრესტის რეგიონული სასწავლო ცენტრი")),
    "gomel": VenueSpec("Gomel Regional Training Centre", "Gomel", "BY", "Europe/Minsk", 25,
                       translations=texts("Гомельский областной учебный центр",
                                          "გომელის რეგიონული სასწავლო ცენტრი")),
    "online": VenueSpec("Online", "Brussels", "BE", "Europe/Brussels", 300,
                        online_url="https://meet.example.org/remittances"),
    "chisinau": VenueSpec("Radisson Blu Leogrand Ballroom", "Chișinău", "MD", "Europe/Chisinau",
                          150, "77 Strada Mitropolit Varlaam"),
}


@dataclass(frozen=True)
class FilmSpec:
    title: str
    translations: Translations  # title and synopsis in Russian and Georgian
    original_title: str
    director: str
    country: str
    year: int
    runtime_minutes: int
    spoken_languages: str
    synopsis: str
    subtitles: str = "Georgian, English"


FILMS = {
    "green-border": FilmSpec(
        "Green Border", texts(
            "Зелёная граница", "მწვანე საზღვარი", "title", synopsis=(
                "Беженцы и пограничник в ловушке на белорусско-польской границе.",
                ("ლტოლვილები და მესაზღვრე ბელარუსისა და პოლონეთის საზღვარზე "
                "ხაფანგში აღმოჩნდებიან."))), "Zielona granica", "Agnieszka Holland",
        "Poland, France, Czech Republic, Belgium", 2023, 152,
        "Polish, Arabic, English, French",
        "Refugees and a border guard trapped on the Belarus–Poland border."),
    "flee": FilmSpec(
        "Flee", texts(
            "Бегство", "გაქცევა", "title", synopsis=(
                ("Анимационный документальный фильм: Амин рассказывает, как мальчиком "
                "бежал из Афганистана."),
                ("ანიმაციური დოკუმენტური ფილმი: ამინი ჰყვება, როგორ გაიქცა ბავშვობაში "
                "ავღანეთიდან."))), "Flugt", "Jonas Poher Rasmussen",
        "Denmark, France, Sweden, Norway",
        2021, 89, "Danish, Dari, Russian, English",
        "An animated documentary: Amin tells how he fled Afghanistan as a boy."),
    "io-capitano": FilmSpec(
        "Io Capitano", texts(
            "Я — капитан", "მე, კაპიტანი", "title", synopsis=(
                "Двое подростков пересекают Сахару и море на пути из Дакара в Европу.",
                "ორი მოზარდი დაკარიდან ევროპისკენ საჰარასა და ზღვას გადალახავს.")),
        "Io capitano", "Matteo Garrone", "Italy, Belgium",
        2023, 121, "Wolof, French, Italian",
        "Two teenagers cross the Sahara and the sea from Dakar to Europe."),
    "human-flow": FilmSpec(
        "Human Flow", texts(
            "Человеческий поток", "ადამიანური ნაკადი", "title", synopsis=(
                "Люди, вынужденные покинуть свои дома: съёмки в 23 странах.",
                "სახლიდან იძულებით წასული ადამიანები, 23 ქვეყანაში გადაღებული.")),
        "Human Flow", "Ai Weiwei", "Germany, United States",
        2017, 140, "English, Arabic",
        "People forced from their homes, filmed in 23 countries."),
    "fire-at-sea": FilmSpec(
        "Fire at Sea", texts(
            "Огонь в море", "ცეცხლი ზღვაში", "title", synopsis=(
                "Повседневная жизнь на Лампедузе рядом со спасением людей в море.",
                ("ყოველდღიური ცხოვრება ლამპედუზაზე, ზღვაში ადამიანების გადარჩენის "
                "გვერდით."))), "Fuocoammare", "Gianfranco Rosi", "Italy, France",
        2016, 114, "Italian, English",
        "Everyday life on Lampedusa beside the rescues at sea."),
    "swimmers": FilmSpec(
        "The Swimmers", texts(
            "Пловчихи", "მოცურავეები", "title", synopsis=(
                "Сёстры Юсра и Сара Мардини бегут из Сирии и вплавь добираются до Лесбоса.",
                ("დები იუსრა და სარა მარდინები სირიიდან გარბიან და ლესბოსამდე ცურვით "
                "აღწევენ."))), "The Swimmers", "Sally El Hosaini", "United Kingdom",
        2022, 134, "Arabic, English",
        "Sisters Yusra and Sara Mardini flee Syria and swim to Lesbos."),
}


@dataclass(frozen=True)
class PersonSpec:
    name: str
    affiliation: str


GE_LABOUR = "Ministry of Labour, Health and Social Affairs of Georgia"
MD_STATISTICS = "National Bureau of Statistics of the Republic of Moldova"
MD_MIGRATION = "Bureau for Migration and Asylum, Republic of Moldova"
PEOPLE = {
    # Moderates a Tbilisi panel while speaking in the online dialogue: the demo's
    # double booking, which organisers are warned about.
    "japaridze": PersonSpec("Ketevan Japaridze", "CRRC Georgia"),
    "maisuradze": PersonSpec("Ketevan Maisuradze", GE_LABOUR),
    "chanturia": PersonSpec("Giorgi Chanturia", "Georgian Employers' Association"),
    "rusu": PersonSpec("Ion Rusu", "Ministry of Labour and Social Protection of Moldova"),
    "de-graaf": PersonSpec("Marloes de Graaf", "Netherlands Enterprise Agency"),
    "nadaraia": PersonSpec("Tamar Nadaraia", "National Statistics Office of Georgia"),
    "ciobanu": PersonSpec("Ana Ciobanu", MD_STATISTICS),
    "visser": PersonSpec("Maarten Visser", "Statistics Netherlands"),
    "abuladze": PersonSpec("Levan Abuladze", "Ivane Javakhishvili Tbilisi State University"),
    "shengelia": PersonSpec("Davit Shengelia", "State Commission on Migration Issues, Georgia"),
    "munteanu": PersonSpec("Elena Munteanu", MD_MIGRATION),
    "karpovich": PersonSpec("Volha Karpovich", "Belarusian State University"),
    "gogiberidze": PersonSpec("Mariam Gogiberidze", "Georgian Young Lawyers' Association"),
    "mchedlishvili": PersonSpec("Zurab Mchedlishvili", "Border Police of Georgia"),
    "ceban": PersonSpec("Victor Ceban", "General Inspectorate of Border Police, Moldova"),
    "van-dijk": PersonSpec("Joost van Dijk", "Clingendael Institute"),
    "lungu": PersonSpec("Cristina Lungu", "Diaspora Relations Bureau, State Chancellery of "
                        "Moldova"),
    "kobakhidze": PersonSpec("Nana Kobakhidze", "Ministry of Foreign Affairs of Georgia"),
    "van-leeuwen": PersonSpec("Bas van Leeuwen", "Passenger Information Unit Netherlands"),
    "bakker": PersonSpec("Sanne Bakker", "Royal Netherlands Marechaussee"),
    "jansen": PersonSpec("Eline Jansen", "Ministry of Justice and Security"),
    "mulder": PersonSpec("Thijs Mulder", "Dutch Data Protection Authority"),
    "kavalenka": PersonSpec("Aliaksandr Kavalenka",
                            "Academy of the Ministry of Internal Affairs of Belarus"),
    "kuzmich": PersonSpec("Iryna Kuzmich", "Belarusian Red Cross"),
    "melnikau": PersonSpec("Siarhei Melnikau", "State Border Committee of Belarus"),
    "hrynevich": PersonSpec("Tatsiana Hrynevich", "Department of State Labour Inspection, "
                            "Belarus"),
    "smit": PersonSpec("Anouk Smit", "Ministry of Foreign Affairs of the Netherlands"),
    "popa": PersonSpec("Irina Popa", "National Bank of Moldova"),
    "tsiklauri": PersonSpec("Nikoloz Tsiklauri", "National Bank of Georgia"),
    "hendriks": PersonSpec("Ruud Hendriks", "De Nederlandsche Bank"),
    "rotaru": PersonSpec("Natalia Rotaru", "Ministry of Internal Affairs of Moldova"),
    "cojocaru": PersonSpec("Dorin Cojocaru", "Academy of Economic Studies of Moldova"),
    "gvinianidze": PersonSpec("Lasha Gvinianidze", "Ilia State University"),
    "hoekstra": PersonSpec("Eva Hoekstra", "International Institute of Social Studies, "
                             "Erasmus University Rotterdam"),
}

ATTENDEES = (
    "Nino Beridze", "Giorgi Kapanadze", "Tamar Lomidze", "Levan Chkheidze",
    "Mariam Tsiklauri", "Davit Javakhishvili", "Ana Kvaratskhelia", "Luka Gogoladze",
    "Salome Abashidze", "Irakli Nozadze", "Elene Jorjadze", "Sandro Makharadze",
    "Keti Bakradze", "Nika Gvenetadze", "Lika Dolidze", "Zurab Tabatadze",
    "Ekaterine Meskhi", "Tornike Kiknavelidze", "Emma Clarke", "James Whitfield",
    "Sarah Bennett", "Thomas Reid", "Olivia Hughes", "Daniel Foster", "Hannah Price",
    "Oliver Grant", "Lucy Marsh", "Samuel Cole", "Grace Turner", "Henry Lawson",
)
