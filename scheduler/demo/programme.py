"""The demo programme: seven events, dated relative to the day it is seeded.

A session is known by its event, venue and title, so no two sessions of one event may
share a venue and a title."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import TypedDict

from scheduler.demo.data import FILMS, ORGANISER, texts
from scheduler.localised import Translations
from scheduler.models import EventKind, EventStatus, PersonRole, RegistrationMode


@dataclass(frozen=True)
class SessionSpec:
    venue: str  # keys of VENUES, FILMS and PEOPLE
    day: int  # counted from the event's first day
    start: time  # wall clock at the venue
    minutes: int
    title: str
    description: str
    capacity: int | None = None  # None: the whole venue
    mode: RegistrationMode = RegistrationMode.open
    booked: int = 0
    waitlisted: int = 0
    film: str | None = None
    qa_minutes: int = 0
    moderator: str | None = None
    speakers: tuple[str, ...] = ()
    trainers: tuple[str, ...] = ()
    translations: Translations = field(default_factory=dict)
    # The title an earlier seed gave it, so seeding again finds it by that too.
    formerly: str = ""

    def cast(self) -> list[tuple[str, PersonRole]]:
        """Each person's key with their part in the session."""
        moderators = [self.moderator] if self.moderator else []
        return ([(key, PersonRole.moderator) for key in moderators]
                + [(key, PersonRole.speaker) for key in self.speakers]
                + [(key, PersonRole.trainer) for key in self.trainers])


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    kind: EventKind
    owner: str
    starts_in: int  # days after today
    description: str
    sessions: tuple[SessionSpec, ...]
    status: EventStatus = EventStatus.published
    co_organisers: tuple[str, ...] = ()
    # Addresses it had before: they redirect to its slug.
    former_slugs: tuple[str, ...] = ()
    translations: Translations = field(default_factory=dict)


# (festival day, venue, local start, film, Q&A minutes, seats booked, waitlisted). Day 2
# is a rest day, so the festival spans four non-contiguous days. A film is shown at most
# once per venue, since the title is part of a session's key.
SCREENINGS = (
    (0, "amirani", time(16), "flee", 30, 21, 0),
    (0, "amirani", time(19, 30), "green-border", 45, 24, 2),
    (0, "batumi", time(19), "io-capitano", 30, 25, 0),
    (1, "rustaveli", time(16), "human-flow", 30, 6, 0),
    (1, "rustaveli", time(19, 30), "fire-at-sea", 40, 9, 0),
    (1, "batumi", time(19), "swimmers", 30, 12, 0),
    (3, "amirani", time(16), "io-capitano", 20, 8, 0),
    (3, "amirani", time(19, 30), "swimmers", 30, 20, 0),
    (3, "batumi", time(16), "fire-at-sea", 30, 4, 0),
    (4, "rustaveli", time(16), "green-border", 30, 11, 0),
    (4, "rustaveli", time(19, 30), "flee", 45, 27, 0),
    (4, "batumi", time(18), "human-flow", 30, 3, 0),
)
FESTIVAL_STARTS_IN = 21


def screening(day: int, venue: str, start: time, film_key: str, qa_minutes: int,
              booked: int, waitlisted: int) -> SessionSpec:
    film = FILMS[film_key]
    ru, ka = film.translations["ru"], film.translations["ka"]
    return SessionSpec(
        venue, day, start, film.runtime_minutes + qa_minutes, film.title,
        f"{film.synopsis} Followed by a {qa_minutes}-minute Q&A.",
        booked=booked, waitlisted=waitlisted, film=film_key, qa_minutes=qa_minutes,
        translations=texts(
            ru["title"], ka["title"], "title", description=(
                f"{ru['synopsis']} После показа — обсуждение ({qa_minutes} мин).",
                (f"{ka['synopsis']} ჩვენებას მოჰყვება კითხვები და პასუხები "
                f"({qa_minutes} წთ)."))),
        formerly=f"{film.title} · {ka['title']}")


class Invited(TypedDict):
    capacity: int
    mode: RegistrationMode


class TrainingDay(TypedDict):
    start: time
    minutes: int
    capacity: int


INVITED = Invited(capacity=7, mode=RegistrationMode.invitation)
TRAINING_DAY = TrainingDay(start=time(10), minutes=420, capacity=25)

FESTIVAL = EventSpec(
    "global-migration-film-festival", "Global Migration Film Festival",
    EventKind.film_festival, ORGANISER.email, FESTIVAL_STARTS_IN,
    "Six films about leaving home, crossing borders and starting again, screened in "
    "Tbilisi and Batumi. Every screening is free and followed by a discussion.",
    tuple(screening(*row) for row in SCREENINGS),
    co_organisers=("partnerships@example.org",),
    former_slugs=("migrac-iis-globaluri-kinop-estivali-2026",),
    translations=texts(
        "Глобальный кинофестиваль о миграции", "მიგრაციის გლობალური კინოფესტივალი", "title",
        description=(
            ("Шесть фильмов о том, как люди покидают дом, пересекают границы и начинают "
            "заново, — показы в Тбилиси и Батуми. Вход на все показы свободный, после "
            "каждого — обсуждение."),
            ("ექვსი ფილმი სახლის დატოვებაზე, საზღვრების გადაკვეთასა და ცხოვრების თავიდან "
            "დაწყებაზე — ჩვენებები თბილისსა და ბათუმში. ყველა ჩვენება უფასოა და მას "
            "დისკუსია მოჰყვება."))))

PANELS = EventSpec(
    "eastern-partnership-panel-migration-mobility",
    "Eastern Partnership Panel on Migration and Mobility", EventKind.panel,
    "partnerships@example.org", 9,
    "Two days of panels with governments, civil society and researchers from the "
    "Eastern Partnership countries on labour mobility, return and migration data.",
    (SessionSpec("iveria", 0, time(10), 90, "Labour mobility partnerships with the EU",
                 "Ministers and employers on skills partnerships.", booked=18,
                 moderator="de-graaf", speakers=("maisuradze", "rusu", "chanturia")),
     SessionSpec("iveria", 0, time(12), 90, "Trusted data for migration policy",
                 "Statistics offices and border agencies on sharing data.", booked=11,
                 moderator="abuladze", speakers=("nadaraia", "ciobanu", "visser")),
     SessionSpec("iveria", 0, time(15), 90,
                 "Возвращение и реинтеграция: опыт стран Восточного партнёрства",
                 "Return and reintegration: what Eastern Partnership countries have "
                 "learned. In Russian with English interpretation.", booked=9,
                 moderator="gogiberidze", speakers=("shengelia", "munteanu", "karpovich")),
     SessionSpec("iveria", 1, time(10), 90, "Visa-free travel and border management",
                 "What visa liberalisation asks of border services.", booked=14,
                 moderator="van-dijk", speakers=("mchedlishvili", "ceban")),
     # Overlaps the online dialogue, where its moderator also speaks.
     SessionSpec("iveria", 1, time(12), 90, "Diaspora engagement and circular migration",
                 "How diaspora networks bring skills back home.", booked=7,
                 moderator="japaridze", speakers=("kobakhidze", "lungu"))))

STUDY_VISIT = EventSpec(
    "api-pnr-study-visit-netherlands", "API/PNR Study Visit to the Netherlands",
    EventKind.study_visit, "partnerships@example.org", 30,
    "A study visit for seven invited officials on how the Netherlands collects, "
    "processes and protects Advance Passenger Information and PNR data.",
    (SessionSpec("schiphol", 0, time(9, 30), 180, "Inside the Passenger Information Unit",
                 "How API and PNR data reach the unit and are checked.",
                 booked=5, speakers=("van-leeuwen",), **INVITED, translations=texts(
                     "В подразделении информации о пассажирах",
                     "მგზავრთა ინფორმაციის განყოფილებაში", "title", description=(
                         "Как данные API и PNR поступают в подразделение и проверяются.",
                         ("როგორ აღწევს API და PNR მონაცემები განყოფილებამდე და როგორ "
                         "მოწმდება.")))),
     SessionSpec("schiphol", 0, time(14), 120, "Border control at Schiphol",
                 "A walk through arrivals with the Royal Netherlands Marechaussee.",
                 booked=5, speakers=("bakker",), **INVITED, translations=texts(
                     "Пограничный контроль в Схипхоле", "სასაზღვრო კონტროლი სხიპჰოლში",
                     "title", description=(
                         "Обход зоны прилёта вместе с Королевской жандармерией Нидерландов.",
                         ("ჩამოსვლის ზონის დათვალიერება ნიდერლანდების სამეფო "
                         "ჟანდარმერიასთან ერთად.")))),
     SessionSpec("hague", 1, time(10), 150, "Legal framework and data protection",
                 "Retention, purpose limitation and oversight of passenger data.",
                 booked=4, speakers=("jansen", "mulder"), **INVITED, translations=texts(
                     "Правовая база и защита данных", "სამართლებრივი ჩარჩო და მონაცემთა დაცვა",
                     "title", description=(
                         "Сроки хранения, ограничение целей и надзор за данными пассажиров.",
                         ("მგზავრთა მონაცემების შენახვის ვადები, მიზნის შეზღუდვა და "
                         "ზედამხედველობა."))))),
    translations=texts(
        "Ознакомительный визит в Нидерланды по API/PNR",
        "სასწავლო ვიზიტი ნიდერლანდებში API/PNR-ის შესახებ", "title", description=(
            ("Ознакомительный визит для семи приглашённых должностных лиц: как Нидерланды "
            "собирают, обрабатывают и защищают предварительную информацию о пассажирах "
            "(API) и данные PNR."),
            ("სასწავლო ვიზიტი შვიდი მოწვეული თანამდებობის პირისთვის: როგორ აგროვებს, "
            "ამუშავებს და იცავს ნიდერლანდები მგზავრთა წინასწარ ინფორმაციას (API) და PNR "
            "მონაცემებს."))))

TRAININGS = EventSpec(
    "anti-trafficking-trainings-belarus",
    "Anti-Trafficking Trainings in Belarus",
    EventKind.training, "trainings@example.org", 14,
    "One-day trainings in Russian for police, border guards, labour inspectors and "
    "social workers on identifying victims of trafficking and referring them to help.",
    (SessionSpec("minsk", 0, title="Identifying and protecting victims",
                 translations=texts(
                     "Противодействие торговле людьми: выявление и защита пострадавших",
                     "ტრეფიკინგის მსხვერპლთა იდენტიფიცირება და დაცვა", "title"),
                 formerly="Противодействие торговле людьми: выявление и защита "
                 "пострадавших · Identifying and protecting victims",
                 description="Indicators of trafficking and a victim-centred first "
                 "interview.", booked=18, trainers=("kavalenka", "kuzmich"), **TRAINING_DAY),
     SessionSpec("brest", 2, title="Trafficking at the border: the border guard's role",
                 translations=texts(
                     "Торговля людьми на границе: роль пограничной службы",
                     "ტრეფიკინგი საზღვარზე: მესაზღვრის როლი", "title"),
                 formerly="Торговля людьми на границе: роль пограничной службы "
                 "· Trafficking at the border: the border guard's role",
                 description="Spotting trafficking at crossing points and handing "
                 "cases on.", booked=11, trainers=("melnikau", "kuzmich"), **TRAINING_DAY),
     SessionSpec("gomel", 4, title="Labour exploitation: referring victims",
                 translations=texts(
                     "Трудовая эксплуатация: перенаправление пострадавших",
                     "შრომითი ექსპლუატაცია: მსხვერპლთა გადამისამართება", "title"),
                 formerly="Трудовая эксплуатация: перенаправление пострадавших "
                 "· Labour exploitation: referring victims",
                 description="For labour inspectors and NGOs; places are confirmed by "
                 "the organisers.", mode=RegistrationMode.approval, booked=6,
                 trainers=("hrynevich",), **TRAINING_DAY)),
    translations=texts(
        "Противодействие торговле людьми: тренинги в Беларуси",
        "ტრეფიკინგთან ბრძოლის ტრენინგები ბელარუსში", "title"))

DIALOGUE = EventSpec(
    "family-remittances-policy-dialogue",
    "International Day of Family Remittances: Online Policy Dialogue",
    EventKind.policy_dialogue, "partnerships@example.org", 10,
    "Marking the International Day of Family Remittances (16 June): what sending money "
    "home costs, and how digital channels can lower it.",
    (SessionSpec("online", 0, time(10), 120,
                 "Remittances, digital payments and financial inclusion",
                 "Central banks, money transfer operators and diaspora groups on the "
                 "3% cost target.", booked=23, moderator="smit",
                 speakers=("popa", "tsiklauri", "hendriks", "japaridze")),))

LAUNCH = EventSpec(
    "moldova-migration-data-profile-launch",
    "Launch of the Migration Data Profile of the Republic of Moldova",
    EventKind.conference, "partnerships@example.org", 24,
    "The new Migration Data Profile of the Republic of Moldova, presented in Chișinău "
    "with the Bureau for Migration and Asylum and the National Bureau of Statistics.",
    (SessionSpec("chisinau", 0, time(11), 120,
                 "Prezentare și dezbatere · Presentation and discussion",
                 "Key findings, then questions from ministries and civil society. In "
                 "Romanian with English interpretation.", booked=16,
                 moderator="rotaru", speakers=("munteanu", "ciobanu", "cojocaru")),))

WINTER_SCHOOL = EventSpec(
    "winter-school-labour-migration", "Winter School on Labour Migration",
    EventKind.training, ORGANISER.email, 40,
    "A winter school for early-career officials on labour migration governance and "
    "fair recruitment. The programme is still being drafted.",
    (SessionSpec("iveria", 0, time(9, 30), 480, "Opening day: governing labour migration",
                 "Introductions, then the international framework on fair recruitment.",
                 capacity=40, trainers=("gvinianidze", "hoekstra")),),
    status=EventStatus.draft)

EVENTS = (FESTIVAL, PANELS, STUDY_VISIT, TRAININGS, DIALOGUE, LAUNCH, WINTER_SCHOOL)
