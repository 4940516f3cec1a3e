"""The fictional company behind the demo: offices, teams, name pools, interests, logins.

Plain data only; `roster.py` turns it into people. Names are drawn from pools that fit
each office (a Turkish-German in Köln, a Brazilian in Berlin), so the directory looks
like a real international company rather than a list of "Test User 17".
"""

import datetime
from dataclasses import dataclass

from hallway.accounts.models import Role

DEMO_SLUG = "demo"
COMPANY_NAME = "Fernweh Labs"
COMPANY_DOMAIN = "fernweh.test"
COMPANY_TIMEZONE = "Europe/Berlin"
# The demo logins' password. Demo data only: it must never be a default anywhere else.
DEMO_PASSWORD = "hallway-demo"  # noqa: S105
SEED = 20_240_611  # fixed, so every fresh demo has the same people

Hours = tuple[datetime.time, datetime.time]


def hours(start: str, end: str) -> Hours:
    return datetime.time.fromisoformat(start), datetime.time.fromisoformat(end)


@dataclass(frozen=True)
class City:
    name: str
    country: str
    timezone: str
    language: str  # spoken in the office
    origins: tuple[tuple[str, int], ...]  # name pool and its weight
    hours: tuple[Hours, ...]
    local_interest: str  # popular here; more people in this office name it
    subdivision: str = ""  # the region whose public holidays apply ("NW"), as `holidays` names it


CITIES = (
    City(
        "Berlin",
        "DE",
        "Europe/Berlin",
        "de",
        (("de", 60), ("tr", 10), ("en", 6), ("es", 6), ("in", 6), ("nl", 6), ("pt", 6)),
        (
            hours("08:00", "16:30"),
            hours("09:00", "17:30"),
            hours("10:00", "18:00"),
            hours("08:30", "17:00"),
        ),
        "techno",
        "BE",
    ),
    City(
        "Köln",
        "DE",
        "Europe/Berlin",
        "de",
        (("de", 78), ("tr", 16), ("nl", 6)),
        (hours("07:30", "16:00"), hours("08:00", "16:30"), hours("09:00", "17:30")),
        "carnival",
        "NW",
    ),
    City(
        "Amsterdam",
        "NL",
        "Europe/Amsterdam",
        "nl",
        (("nl", 70), ("de", 10), ("in", 6), ("es", 6), ("en", 4), ("tr", 4)),
        (hours("08:30", "17:00"), hours("09:00", "17:30"), hours("09:30", "18:00")),
        "cycling",
    ),
    City(
        "São Paulo",
        "BR",
        "America/Sao_Paulo",
        "pt",
        (("pt", 90), ("es", 10)),
        (hours("08:00", "17:00"), hours("09:00", "18:00"), hours("10:00", "19:00")),
        "football",
        "SP",
    ),
    City(
        "New York",
        "US",
        "America/New_York",
        "en",
        (("en", 72), ("es", 16), ("in", 8), ("pt", 4)),
        (hours("08:30", "17:00"), hours("09:00", "17:30"), hours("10:00", "18:30")),
        "basketball",
        "NY",
    ),
    City(
        "Bangalore",
        "IN",
        "Asia/Kolkata",
        "en",
        (("in", 100),),
        (hours("09:30", "18:30"), hours("10:00", "19:00"), hours("11:00", "20:00")),
        "cricket",
        "KA",
    ),
)
CITY_BY_NAME = {city.name: city for city in CITIES}

# Mother tongue of each name pool (the Indian pool adds one regional language, see roster).
ORIGIN_LANGUAGE = {"de": "de", "tr": "tr", "nl": "nl", "pt": "pt", "en": "en", "es": "es"}
INDIAN_LANGUAGES = ("hi", "hi", "hi", "kn", "ta", "te", "mr")
SECOND_LANGUAGES = ("fr", "es", "de", "it")

FIRST_NAMES = {
    "de": (
        "Jürgen", "Jörg", "Björn", "Sören", "Lukas", "Jonas", "Felix", "Leon", "Maximilian",
        "Paul", "Niklas", "Moritz", "Julian", "Tobias", "Florian", "Sebastian", "Matthias",
        "Stefan", "Lennart", "Hannes", "Till", "Malte", "Anna", "Lena", "Laura", "Julia",
        "Hannah", "Lea", "Marie", "Sophie", "Katharina", "Franziska", "Miriam", "Svenja",
        "Jana", "Nele", "Frauke", "Maren", "Carolin", "Theresa", "Ines", "Jördis", "Zoë",
        "Käthe", "Annika", "Friederike",
    ),
    "tr": (
        "Görkem", "Ayşe", "Emre", "Elif", "Can", "Deniz", "Mehmet", "Zeynep", "Burak", "Selin",
        "Cem", "Özlem", "Tuğba", "Barış", "Leyla", "Yusuf", "Melike", "Kerem",
    ),
    "nl": (
        "Daan", "Sem", "Levi", "Finn", "Bram", "Thijs", "Jesse", "Ruben", "Lars", "Sven",
        "Joost", "Pieter", "Maarten", "Wouter", "Sander", "Niels", "Koen", "Femke", "Sanne",
        "Lotte", "Fleur", "Anouk", "Eva", "Lieke", "Iris", "Noor", "Mila", "Ilse", "Marloes",
        "Esmée", "Renée", "Maartje", "Floor", "Jip",
    ),
    "pt": (
        "João", "Pedro", "Lucas", "Gabriel", "Rafael", "Matheus", "Gustavo", "Felipe", "Thiago",
        "André", "Bruno", "Vinícius", "Caio", "Leonardo", "Otávio", "Mariana", "Ana", "Beatriz",
        "Júlia", "Larissa", "Camila", "Fernanda", "Letícia", "Gabriela", "Luíza", "Isabela",
        "Carolina", "Patrícia", "Renata", "Débora", "Lívia", "Natália", "Bárbara", "Conceição",
    ),
    "en": (
        "James", "Michael", "Emily", "Jessica", "Ashley", "Tyler", "Brandon", "Megan", "Olivia",
        "Ethan", "Madison", "Noah", "Ava", "Chloe", "Ryan", "Kevin", "Rachel", "Samantha",
        "Jordan", "Taylor", "Marcus", "Jasmine", "Aaliyah", "DeShawn", "Brianna", "Connor",
        "Caitlin", "Daniel", "Grace", "Nathan",
    ),
    "es": (
        "Sofía", "Alejandro", "Camila", "Mateo", "Valentina", "Santiago", "Lucía", "Diego",
        "María", "José", "Andrés", "Isabel", "Ximena", "Joaquín", "Martina", "Tomás",
    ),
    "in": (
        "Aarav", "Arjun", "Vivaan", "Aditya", "Rohan", "Karthik", "Rahul", "Vikram", "Siddharth",
        "Pranav", "Anirudh", "Nikhil", "Suresh", "Ramesh", "Priya", "Ananya", "Diya", "Aditi",
        "Kavya", "Sneha", "Pooja", "Divya", "Meera", "Lakshmi", "Shreya", "Neha", "Aishwarya",
        "Deepika", "Ishita", "Riya",
    ),
}  # fmt: skip

LAST_NAMES = {
    "de": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
        "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Schmitt",
        "Werner", "Krause", "Lehmann", "Köhler", "Herrmann", "König", "Walter", "Huber",
        "Kaiser", "Fuchs", "Peters", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel",
        "Friedrich", "Günther", "Keller", "Berger", "Roth", "Beck", "Lorenz", "Baumann",
        "Franke", "Schuster", "Böhm", "Winkler", "Voß", "Brandt", "Kühn", "Jäger", "Sommer",
        "Groß", "Engel", "Horn", "Busch", "Pohl",
    ),
    "tr": (
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç",
        "Kılıç", "Aslan", "Polat", "Erdoğan",
    ),
    "nl": (
        "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
        "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Hendriks",
        "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
        "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
        "van den Heuvel", "Schouten", "Willems", "Hoekstra", "Koster", "Prins", "Verhoeven",
    ),
    "pt": (
        "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
        "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares",
        "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Araújo", "Moreira",
        "Cavalcanti", "Monteiro", "Cardoso", "Teixeira", "Correia", "Nogueira", "Magalhães",
        "Brandão", "Simões",
    ),
    "en": (
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Thomas", "Moore", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis",
        "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker",
        "Adams", "Nelson", "Mitchell", "Carter", "Turner", "O'Brien", "Sullivan", "Murphy",
        "Kowalski", "Goldberg", "Nguyen", "Kim", "Chen", "Okafor",
    ),
    "es": (
        "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
        "Ramírez", "Torres", "Flores", "Núñez", "Ortiz", "Castillo", "Jiménez", "Vargas",
    ),
    "in": (
        "Sharma", "Patel", "Reddy", "Nair", "Iyer", "Rao", "Gupta", "Kumar", "Singh", "Menon",
        "Krishnan", "Shetty", "Hegde", "Pillai", "Bhat", "Joshi", "Mehta", "Desai", "Kulkarni",
        "Chatterjee", "Banerjee", "Mukherjee", "Das", "Agarwal", "Verma", "Srinivasan",
        "Subramanian", "Venkatesh", "Naidu", "Gowda",
    ),
}  # fmt: skip

INTERESTS = (
    "climbing", "bouldering", "sourdough", "board games", "running", "cycling", "photography",
    "jazz", "football", "chess", "gardening", "k-pop", "formula 1", "birdwatching", "yoga",
    "hiking", "cooking", "coffee", "vinyl records", "podcasts", "science fiction",
    "crime novels", "knitting", "pottery", "woodworking", "3d printing",
    "mechanical keyboards", "open source", "video games", "tabletop rpgs", "dogs", "cats",
    "travel", "learning languages", "surfing", "skiing", "swimming", "tennis", "padel",
    "basketball", "cricket", "salsa dancing", "karaoke", "craft beer", "techno", "carnival",
)  # fmt: skip


@dataclass(frozen=True)
class TeamSpec:
    name: str
    department: str
    lead_title: str
    titles: tuple[str, ...]
    seats: tuple[tuple[str, int], ...]  # city and head count; the lead sits in the first city


LEADERSHIP = "Leadership"
TEAMS = (
    TeamSpec("Platform", "Engineering", "Engineering Lead, Platform",
             ("Backend Engineer", "Senior Backend Engineer", "Site Reliability Engineer",
              "Staff Engineer", "Security Engineer"),
             (("Berlin", 12), ("Köln", 2))),
    TeamSpec("Mobile", "Engineering", "Engineering Lead, Mobile",
             ("iOS Engineer", "Android Engineer", "Senior Mobile Engineer", "QA Engineer"),
             (("Amsterdam", 8), ("Bangalore", 4))),
    TeamSpec("Data", "Engineering", "Data Lead",
             ("Data Engineer", "Data Scientist", "Analytics Engineer", "Senior Data Analyst"),
             (("Berlin", 7), ("Bangalore", 4))),
    TeamSpec("Research Bangalore", "Engineering", "Research Lead",
             ("Research Engineer", "Machine Learning Engineer", "Applied Scientist",
              "Senior Research Engineer"),
             (("Bangalore", 12),)),
    TeamSpec("Design", "Product & Design", "Design Lead",
             ("Product Designer", "Senior Product Designer", "UX Researcher", "Content Designer"),
             (("Berlin", 5), ("Amsterdam", 3))),
    TeamSpec("Product", "Product & Design", "Group Product Manager",
             ("Product Manager", "Senior Product Manager", "Product Analyst"),
             (("Berlin", 5), ("Amsterdam", 2), ("New York", 2))),
    TeamSpec("Sales DACH", "Sales", "Sales Director DACH",
             ("Account Executive", "Senior Account Executive", "Sales Development Representative",
              "Solutions Consultant"),
             (("Köln", 10), ("Berlin", 3))),
    TeamSpec("Sales Benelux", "Sales", "Sales Director Benelux",
             ("Account Executive", "Senior Account Executive", "Sales Development Representative"),
             (("Amsterdam", 8),)),
    TeamSpec("Sales North America", "Sales", "Sales Director North America",
             ("Account Executive", "Senior Account Executive", "Sales Development Representative",
              "Solutions Consultant"),
             (("New York", 11),)),
    TeamSpec("Customer Success", "Customer Experience", "Customer Success Lead",
             ("Customer Success Manager", "Senior Customer Success Manager",
              "Onboarding Specialist", "Implementation Consultant"),
             (("Amsterdam", 6), ("New York", 6), ("Köln", 4))),
    TeamSpec("Support LATAM", "Customer Experience", "Support Lead LATAM",
             ("Support Specialist", "Senior Support Specialist", "Support Engineer",
              "Technical Support Analyst"),
             (("São Paulo", 15),)),
    TeamSpec("People & Culture", "Operations", "Community & Events Lead",
             ("People Partner", "Recruiter", "Talent Acquisition Partner",
              "People Operations Specialist", "Learning & Development Manager"),
             (("Berlin", 5), ("Köln", 1))),
    TeamSpec("Finance", "Operations", "Finance Lead",
             ("Accountant", "Financial Analyst", "Payroll Specialist", "Controller"),
             (("Köln", 4), ("Berlin", 3))),
    TeamSpec("Marketing", "Marketing", "Marketing Lead",
             ("Content Marketing Manager", "Performance Marketing Manager", "Brand Designer",
              "Events Manager", "Product Marketing Manager"),
             (("New York", 5), ("São Paulo", 7), ("Berlin", 3))),
)  # fmt: skip


@dataclass(frozen=True)
class HeadSpec:
    department: str
    title: str
    city: str


CEO_TITLE = "Chief Executive Officer"
HEADS = (
    HeadSpec("Engineering", "Chief Technology Officer", "Bangalore"),
    HeadSpec("Product & Design", "VP Product & Design", "Berlin"),
    HeadSpec("Sales", "VP Sales", "New York"),
    HeadSpec("Customer Experience", "VP Customer Experience", "Amsterdam"),
    HeadSpec("Operations", "Chief Operating Officer", "Amsterdam"),
    HeadSpec("Marketing", "Head of Marketing", "São Paulo"),
)


@dataclass(frozen=True)
class RemoteSpec:
    """Someone fully remote, outside the offices, in their own time zone."""

    name: str
    timezone: str
    team: str
    title: str
    languages: tuple[str, ...]
    hours: Hours


REMOTE = (
    RemoteSpec("Inês Gonçalves", "Europe/Lisbon", "Platform", "Senior Backend Engineer",
               ("pt", "en", "es"), hours("09:00", "17:30")),
    RemoteSpec("Agnieszka Wójcik", "Europe/Warsaw", "Platform",
               "Site Reliability Engineer", ("pl", "en", "de"), hours("08:00", "16:30")),
    RemoteSpec("Pablo Navarro", "Europe/Madrid", "Mobile", "Android Engineer",
               ("es", "en"), hours("09:30", "18:00")),
    RemoteSpec("Görkem Aydoğan", "Europe/Istanbul", "Data", "Data Engineer",
               ("tr", "en", "de"), hours("09:00", "18:00")),
    RemoteSpec("Tiago Sousa", "Europe/Lisbon", "Design", "Product Designer",
               ("pt", "en", "fr"), hours("10:00", "18:30")),
    RemoteSpec("Chloé Tremblay", "America/Toronto", "Customer Success",
               "Customer Success Manager", ("fr", "en"), hours("08:30", "16:30")),
    RemoteSpec("Siobhán Byrne", "Europe/Dublin", "Customer Success",
               "Implementation Consultant", ("en", "ga"), hours("09:00", "17:30")),
    RemoteSpec("Valeria Hernández", "America/Mexico_City", "Support LATAM",
               "Senior Support Specialist", ("es", "en"), hours("08:00", "17:00")),
    RemoteSpec("Mathilde Rousseau", "Europe/Paris", "Marketing", "Events Manager",
               ("fr", "en", "de"), hours("09:00", "17:30")),
)  # fmt: skip


@dataclass(frozen=True)
class LoginSpec:
    """A demo login and the directory entry it belongs to."""

    email: str
    role: str
    name: str
    origin: str
    place: str  # "ceo", "head:<department>", "lead:<team>" or "member:<team>"
    city: str


LOGINS = (
    LoginSpec("owner@demo.hallway.test", Role.OWNER, "Johanna Albrecht", "de", "ceo", "Berlin"),
    LoginSpec("admin@demo.hallway.test", Role.ADMIN, "Sanne de Vries", "nl",
              "head:Operations", "Amsterdam"),
    LoginSpec("organiser@demo.hallway.test", Role.ORGANISER, "Zoë Hartmann", "de",
              "lead:People & Culture", "Berlin"),
    LoginSpec("member@demo.hallway.test", Role.MEMBER, "Jonas Krüger", "de",
              "member:Platform", "Berlin"),
)  # fmt: skip

# How many people the roster gives a special start or status (apart from leads and logins).
NEW_HIRES_AHEAD = 14  # start within the next four weeks
RECENT_STARTERS = 4  # started in the last three weeks
PAUSED = 4
LEFT = 4
