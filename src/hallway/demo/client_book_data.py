"""The demo company's client book as plain data: who its clients, prospects and partners
are, how often each one orders, and the words people use when they write things down.

`client_book.py` turns it into companies, contacts, orders, touches, details and notes.
A company's `since` fixes the days since its last order where the story needs it (the
clients that have gone quiet, the quarterly client that is fine at day 60); everyone
else's last order falls well inside their own rhythm.
"""

from dataclasses import dataclass

from hallway.relationships.models import CompanyKind, TouchKind


@dataclass(frozen=True)
class CompanySpec:
    name: str
    kind: str
    industry: str
    language: str
    timezone: str
    region: str  # public holidays, as the `holidays` package names them
    order_gap: int | None = None  # the usual days between orders; None: no orders
    since: int | None = None  # days since the last order, fixed for the story
    years: float = 2.0  # how far back its history goes
    last_words: str = ""  # the summary of its latest touch, where it tells the story
    hours: tuple[str, str] | None = None  # working hours where they differ from ours


# Short names keep the table below readable, one company a line or two.
C, P, R, X = CompanyKind.CLIENT, CompanyKind.PROSPECT, CompanyKind.PARTNER, CompanyKind.OTHER
BER, AMS = "Europe/Berlin", "Europe/Amsterdam"

COMPANIES = (
    # Weekly orderers: staffing for warehouses, shops, care and ports.
    CompanySpec("Brandt & Söhne Logistik", C, "Logistics", "de", BER, "DE-NW", 7),
    CompanySpec("Van Houten Transport", C, "Logistics", "nl", AMS, "NL", 7),
    CompanySpec(
        "Kaufhaus Lindemann", C, "Retail", "de", BER, "DE-BE", 7, since=35,
        last_words="Mentioned they are building an in-house recruiting team.",
    ),
    CompanySpec(
        "Polderpost Fulfilment", C, "E-commerce", "nl", AMS, "NL", 7, since=42,
        last_words="Peak season is over, they are 'reviewing all suppliers'.",
    ),
    CompanySpec("Nordlicht Pflegedienste", C, "Healthcare", "de", BER, "DE-HH", 7),
    CompanySpec("Rijnmond Havendiensten", C, "Port services", "nl", AMS, "NL", 7),
    # Every other week.
    CompanySpec("Elbwerk Maschinenbau", C, "Mechanical engineering", "de", BER, "DE-HH", 14),
    CompanySpec("Stadtwerke Mühlheide", C, "Utilities", "de", BER, "DE-NW", 14),
    CompanySpec(
        "Grünfeld Bio-Markt", C, "Food retail", "de", BER, "DE-BY", 14, since=63,
        last_words="New head of HR started; she wants to 'look at the agency mix'.",
    ),
    CompanySpec("Tulp & Co. Horeca", C, "Hospitality", "nl", AMS, "NL", 14),
    CompanySpec(
        "Atlas Freight Solutions", C, "Logistics", "en", "Europe/London", "GB", 14,
        hours=("09:00", "17:30"),
    ),
    CompanySpec("Hofmann Klinikverbund", C, "Healthcare", "de", BER, "DE-NI", 14),
    CompanySpec("Müller-Lüdenscheidt Verpackung", C, "Packaging", "de", BER, "DE-NW", 14),
    # Monthly.
    CompanySpec("Sonnberg Versicherung", C, "Insurance", "de", BER, "DE-BY", 30),
    CompanySpec("Hanse Datenwerk", C, "IT services", "de", BER, "DE-HB", 30),
    CompanySpec("Bakker Installatietechniek", C, "Building services", "nl", AMS, "NL", 30),
    CompanySpec(
        "Koopmans Bouwgroep", C, "Construction", "nl", AMS, "NL", 30, since=100,
        last_words="Two big tenders lost, hiring is on hold 'for a few weeks'.",
    ),
    CompanySpec(
        "Lindqvist Nordic Design", C, "Design", "en", "Europe/Stockholm", "SE", 30
    ),
    CompanySpec("Auerbach Rechtsanwälte", C, "Legal services", "de", BER, "DE-BE", 30),
    CompanySpec("Zwart Digital", C, "Marketing agency", "nl", AMS, "NL", 30),
    CompanySpec("Alpenblick Hotels", C, "Hospitality", "de", "Europe/Vienna", "AT", 30),
    CompanySpec("Meridian Pharma Services", C, "Pharma", "en", "Europe/Zurich", "CH", 30),
    CompanySpec("Kessler Automotive Components", C, "Automotive", "de", BER, "DE-BW", 30),
    CompanySpec("Haarlem Energy Partners", C, "Energy", "nl", AMS, "NL", 30),
    CompanySpec("Bluewater Analytics", C, "Data analytics", "en", "Europe/Dublin", "IE", 30),
    CompanySpec(
        "Rosenthal Medientechnik", C, "Media technology", "de", BER, "DE-SN", 30, since=130,
        last_words="Their managing director is leaving; nobody named to follow yet.",
    ),
    CompanySpec("Windmolen Software", C, "Software", "nl", AMS, "NL", 30),
    CompanySpec(
        "Oakridge Consulting", C, "Consulting", "en", "America/New_York", "US-NY", 30,
        hours=("09:00", "17:00"),
    ),
    CompanySpec("Feldmann Agrartechnik", C, "Agricultural machinery", "de", BER, "DE-NI", 30),
    CompanySpec(
        "Sakura Precision Robotics", C, "Robotics", "en", "Asia/Tokyo", "JP", 30,
        hours=("09:00", "18:00"),
    ),
    CompanySpec("Eindhoven Photonics Lab", C, "Photonics", "en", AMS, "NL", 30),
    CompanySpec("Weber & Yılmaz Steuerberatung", C, "Tax advisory", "de", BER, "DE-NW", 45),
    # Every other month.
    CompanySpec("Vogelsang Chemie", C, "Chemicals", "de", BER, "DE-RP", 60),
    CompanySpec("Maasland Zuivel", C, "Dairy", "nl", AMS, "NL", 60),
    CompanySpec(
        "Harbourview Capital", C, "Finance", "en", "Asia/Singapore", "SG", 60,
        hours=("09:00", "18:00"),
    ),
    CompanySpec("Kranich Luftfahrttechnik", C, "Aerospace", "de", BER, "DE-HH", 60),
    CompanySpec(
        "Table Mountain Software", C, "Software", "en", "Africa/Johannesburg", "ZA", 60,
        hours=("08:00", "17:00"),
    ),
    # Quarterly: one of them is at day 60 since its last order, and that is fine.
    CompanySpec(
        "Zeeuwse Assurantiën", C, "Insurance", "nl", AMS, "NL", 91, since=60,
        last_words="Planning call: next quarter's vacancies come in about a month from now.",
    ),
    CompanySpec("Schwarzwald Uhrenmanufaktur", C, "Watchmaking", "de", BER, "DE-BW", 91),
    CompanySpec(
        "Cascade Biotech", C, "Biotech", "en", "America/Los_Angeles", "US-CA", 91,
        hours=("08:00", "16:30"),
    ),
    CompanySpec("Domstadt Immobilien", C, "Real estate", "de", BER, "DE-NW", 91),
    CompanySpec("Nieuwe Maas Architecten", C, "Architecture", "nl", AMS, "NL", 91),
    CompanySpec(
        "Southern Cross Mining Services", C, "Mining", "en", "Australia/Sydney", "AU", 91,
        hours=("07:30", "16:00"),
    ),
    CompanySpec("Bergmann Stiftung", C, "Non-profit", "de", BER, "DE-BE", 91),
    # Young clients: a few months of history, a rhythm still taking shape.
    CompanySpec("Fjord Mobility", C, "Mobility", "en", "Europe/Oslo", "NO", 21, years=0.35),
    CompanySpec("Kiezküche", C, "Food delivery", "de", BER, "DE-BE", 10, years=0.25),
    CompanySpec("Sonnenfeld Solar", C, "Renewable energy", "de", BER, "DE-BY", 30, years=0.5),
    CompanySpec("Grachtenhuis Events", C, "Events", "nl", AMS, "NL", 45, years=1.0),
    # Prospects: touches only, no orders yet.
    CompanySpec("Stahlwerk Ruhrort", P, "Steel", "de", BER, "DE-NW", years=0.8),
    CompanySpec("Delftse Drukkerij", P, "Printing", "nl", AMS, "NL", years=0.5),
    CompanySpec("Thornbury Retail Group", P, "Retail", "en", "Europe/London", "GB", years=0.6),
    CompanySpec("Isarblick Versicherungsmakler", P, "Insurance brokerage", "de", BER, "DE-BY",
                years=0.3),
    CompanySpec("Groningen Health Tech", P, "Health technology", "nl", AMS, "NL", years=0.4),
    CompanySpec(
        "Maple Leaf Learning", P, "Education technology", "en", "America/Toronto", "CA-ON",
        years=0.5, hours=("09:00", "17:00"),
    ),
    CompanySpec("Bodensee Medizintechnik", P, "Medical devices", "de", BER, "DE-BW", years=0.2),
    CompanySpec("Utrecht Mobility Hub", P, "Mobility", "nl", AMS, "NL", years=0.7),
    # Partners: the contractors' agency among them.
    CompanySpec("Freelance Collectief Amsterdam", R, "Contractor agency", "nl", AMS, "NL"),
    CompanySpec("Talentbrücke Personalberatung", R, "Recruitment", "de", BER, "DE-NW"),
    CompanySpec("Payroll Partners Europe", R, "Payroll services", "en", "Europe/Dublin", "IE"),
    CompanySpec("HR Tech Forum Köln", X, "Association", "de", BER, "DE-NW"),
)  # fmt: skip

AGENCY = "Freelance Collectief Amsterdam"
# The company whose contact runs the Köln marathon; the organiser owns it.
MARATHON_COMPANY = "Domstadt Immobilien"

# Where a contact's name comes from, by the language of their company.
NAME_ORIGINS = {
    "de": (("de", 80), ("tr", 14), ("nl", 6)),
    "nl": (("nl", 85), ("de", 8), ("tr", 7)),
    "en": (("en", 70), ("in", 12), ("es", 10), ("de", 8)),
}

PHONE_PREFIX = {
    "DE": "+49",
    "NL": "+31",
    "GB": "+44",
    "SE": "+46",
    "AT": "+43",
    "CH": "+41",
    "IE": "+353",
    "US": "+1",
    "JP": "+81",
    "SG": "+65",
    "ZA": "+27",
    "AU": "+61",
    "NO": "+47",
    "CA": "+1",
}

JOB_TITLES = {
    "client": (
        "Head of HR",
        "HR Business Partner",
        "Talent Acquisition Lead",
        "Hiring Manager",
        "Operations Manager",
        "Managing Director",
        "Head of Operations",
        "Site Manager",
        "CFO",
        "Recruiter",
        "People Partner",
        "Personalleiterin",
        "Geschäftsführer",
        "Teamleider Logistiek",
        "HR-adviseur",
    ),
    "partner": ("Partner", "Account Manager", "Managing Director", "Community Lead"),
    "candidate": (
        "Warehouse Lead",
        "Senior Java Developer",
        "Nurse (night shift)",
        "SAP Consultant",
        "Data Engineer",
        "Site Manager",
        "Payroll Specialist",
        "UX Designer",
    ),
    "contractor": (
        "Interim HR Manager",
        "Freelance Recruiter",
        "Project Manager",
        "Data Protection Consultant",
        "Trainer",
    ),
}

CLIENT_TAGS = ("decision maker", "hiring manager", "payroll", "budget owner", "champion")
CANDIDATE_TAGS = ("java", "logistics", "nursing", "sap", "warehouse", "remote only")
SOURCES = (
    "LinkedIn",
    "Referral",
    "Zukunft Personal fair",
    "Website form",
    "Imported from the old CRM",
)

# What orders are called, by the company's language.
ORDER_TITLES = {
    "de": (
        "Lagerlogistiker (m/w/d)",
        "Pflegefachkraft (m/w/d) Nachtdienst",
        "Senior Java-Entwickler (m/w/d)",
        "Projektleitung SAP-Einführung",
        "Staplerfahrer (m/w/d) Frühschicht",
        "Buchhalterin (m/w/d) in Teilzeit",
        "Elektroniker für Betriebstechnik (m/w/d)",
        "Teamleitung Kundenservice (m/w/d)",
        "Interim HR-Business-Partner",
    ),
    "nl": (
        "Orderpicker avondploeg",
        "Teamleider logistiek",
        "Allround monteur",
        "Medewerker klantenservice",
        "Projectleider installatietechniek",
        "Financieel administratief medewerker",
        "Chauffeur CE",
        "Recruiter (tijdelijk)",
    ),
    "en": (
        "Senior data engineer",
        "Interim HR business partner",
        "Site manager",
        "Warehouse shift lead",
        "Payroll specialist",
        "Product designer",
        "Field service engineer",
        "Customer success manager",
    ),
}

SUMMARIES = {
    TouchKind.CALL: (
        "Check-in on the open roles; two interviews next week.",
        "Talked through the shortlist, {first} wants to meet two candidates.",
        "Quick call about the start date of the new hire.",
        "{first} called about an urgent vacancy for the night shift.",
        "Feedback on last month's placements: happy overall.",
        "Kurzes Telefonat: Budget fürs nächste Quartal steht.",
        "Even gebeld over de planning voor volgende maand.",
    ),
    TouchKind.VIDEO: (
        "Quarterly review: fill rate up, time to hire down.",
        "Video call with {first} and the hiring team about the new site.",
        "Walked {first} through the candidate profiles.",
        "Review of the framework agreement; renewal looks likely.",
        "Videocall met {first}: tevreden over de nieuwe collega.",
    ),
    TouchKind.MEETING: (
        "Visit on site, met the warehouse team.",
        "Lunch with {first}: they plan to grow the team next year.",
        "Workshop on onboarding for their new starters.",
        "Jahresgespräch vor Ort, sehr offene Atmosphäre.",
    ),
    TouchKind.EMAIL: (
        "Sent three CVs for the open role.",
        "{first} confirmed the interview slots.",
        "Sent the offer details.",
        "Shared our salary report for their region.",
        "Asked for feedback on the last two candidates.",
    ),
    TouchKind.MESSAGE: (
        "{first} asked whether we have someone available from Monday.",
        "Quick thanks after the interview.",
    ),
    TouchKind.COFFEE: (
        "Coffee near their office; talked about much more than work.",
        "Koffie met {first}: ze verhuizen naar een groter kantoor.",
    ),
}

PROSPECT_SUMMARIES = (
    "Intro call: they work with two agencies and are not happy with either.",
    "Sent references from their industry.",
    "Met at the Zukunft Personal fair; {first} asked for a follow-up.",
    "Erstgespräch: Bedarf an Fachkräften ab Frühjahr.",
    "Kennismaking: ze willen eerst een proefopdracht.",
)
PARTNER_SUMMARIES = (
    "Aligned on joint candidates for the Ruhr region.",
    "Monthly sync on contractor availability.",
    "Planned a joint breakfast session for HR leads.",
)
CANDIDATE_SUMMARIES = (
    "Screening call: strong background, wants hybrid work.",
    "Passed on the interview feedback.",
    "Sent two roles that match.",
    "{first} asked about the status of the application.",
)
CONTRACTOR_SUMMARIES = (
    "Extended the contract by three months.",
    "Check-in: the project is going well.",
    "Talked about availability after the current assignment.",
)


@dataclass(frozen=True)
class DetailSpec:
    """A personal detail; `{date}` is `on_day` days from today, and an "ask next time"
    detail is due `due` days from today (None: at the next touch)."""

    text: str
    ask: bool = False
    on_day: int | None = None
    due: int | None = None
    sensitive: bool = False


MARATHON = DetailSpec(
    "Running the Köln marathon on {date} — ask how it went", ask=True, on_day=-5, due=-4
)
SENSITIVE = DetailSpec(
    "Their father is seriously ill — ask gently how he is doing, and not in front of others",
    ask=True,
    due=-2,
    sensitive=True,
)
DETAILS = (
    DetailSpec("Back from parental leave on {date} — welcome back", ask=True, on_day=-3, due=-3),
    DetailSpec(
        "Moving to a new flat around {date} — ask how the move went", ask=True, on_day=12, due=15
    ),
    DetailSpec(
        "Anniversary trip to Lisbon on {date} — ask how it was", ask=True, on_day=-10, due=-8
    ),
    DetailSpec("Speaks at a trade fair on {date} — ask how the talk went", ask=True, on_day=20),
    DetailSpec("Concert with the amateur orchestra on {date} (cello)", ask=True, on_day=-1, due=0),
    DetailSpec("Starts a sabbatical on {date}; the deputy takes over", ask=True, on_day=40, due=33),
    DetailSpec("Big fan of FC St. Pauli — ask about the season", ask=True),
    DetailSpec("Renovating an old farmhouse near Utrecht", ask=True),
    DetailSpec("Training for a triathlon next summer", ask=True),
    DetailSpec("Daughter just started university in Leiden"),
    DetailSpec("Vegetarian; prefers lunch over dinner"),
    DetailSpec("Prefers calls before 10:00, no video before the first coffee"),
    DetailSpec("Is learning Dutch and happy to switch for small talk"),
    DetailSpec("Twins, they just turned six"),
    DetailSpec("Dog called Bruno, often joins video calls"),
    DetailSpec("Grew up in Porto, still goes back every summer"),
    DetailSpec("Sings in a choir; ask about the next concert", ask=True),
    DetailSpec("Collects vinyl, mostly jazz"),
)

NOTES = (
    "Prefers a short call over long emails.",
    "Budget for next year is decided in November.",
    "Unhappy with their current agency; wants fewer but better CVs.",
    "Decision needs sign-off from the works council.",
    "Very quick to reply on Slack-style messages, slow on email.",
    "Ask for a reference case before the next tender.",
    "Hat Interesse an unserem Workshop zur Einarbeitung neuer Leute.",
    "Entscheidet nicht allein, Geschäftsführung immer mit einbinden.",
    "Zij waardeert een persoonlijke aanpak; liever bellen dan mailen.",
    "Wil graag kandidaten die Nederlands én Duits spreken.",
    "Mentioned a reorganisation in spring; keep an eye on it.",
    "Our fee was discussed: fine as long as we keep the guarantee period.",
    "Good contact for introductions to other companies in the region.",
    "Wants candidates to see the site before the interview.",
    "Previous agency placed two people who left within a month.",
)
COMPANY_NOTES = (
    "Framework agreement renewed for another year.",
    "Works with a second agency for the warehouse roles.",
    "Payment terms: 30 days, invoices to the central finance team.",
    "Expanding to a second site next year.",
    "Rahmenvertrag läuft Ende des Jahres aus.",
    "Inkoop beslist mee over elke nieuwe leverancier.",
)
