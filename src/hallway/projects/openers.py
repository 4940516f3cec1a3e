"""The small-talk opener of the week: the first item on every agenda of a project's series.

A few relaxed minutes before the work, in the spirit of "how are you, really?" instead of
"let's get straight to it, I have a hard stop". The bank is written in each language by
hand rather than translated (a German opener reads as German small talk, formal or neutral;
a Dutch one uses "je"): it is said aloud in the meeting's language, whoever reads the
invitation, so it lives here with its three wordings instead of in the message catalogues.

The pick is deterministic per ISO week and series: the same week shows the same opener in
every invitation and on the page, and a series walks through the whole bank in its own
order before any opener comes back, so two weeks in a row never share one.
"""

import datetime
import hashlib
import math
from dataclasses import dataclass

LANGUAGES = ("en", "de", "nl")
# Week numbers count from this Monday, so they run on across year ends.
EPOCH = datetime.date(2001, 1, 1)


@dataclass(frozen=True)
class Opener:
    key: str
    en: str
    de: str
    nl: str

    def text(self, language: str) -> str:
        code = (language or "en").lower().split("-")[0]
        return str(getattr(self, code if code in LANGUAGES else "en"))


BANK: tuple[Opener, ...] = (
    Opener(
        "really",
        "How are you, really? Not the quick answer, the honest one.",
        "Wie geht es Ihnen wirklich? Nicht die schnelle Antwort, sondern die ehrliche.",
        "Hoe gaat het echt met je? Niet het snelle antwoord, maar het eerlijke.",
    ),
    Opener(
        "weekend",
        "What was the best thing about your weekend?",
        "Was war das Schönste an Ihrem Wochenende?",
        "Wat was het leukste van je weekend?",
    ),
    Opener(
        "window",
        "What's the view from your window today?",
        "Was sehen Sie heute, wenn Sie aus dem Fenster schauen?",
        "Wat zie je vandaag als je uit het raam kijkt?",
    ),
    Opener(
        "weather",
        "What's the weather like where you are?",
        "Wie ist das Wetter bei Ihnen gerade?",
        "Wat voor weer is het bij jou?",
    ),
    Opener(
        "smile",
        "What made you smile this week?",
        "Worüber haben Sie sich diese Woche gefreut?",
        "Waar moest je deze week om glimlachen?",
    ),
    Opener(
        "lunch",
        "What did you have for lunch, and would you recommend it?",
        "Was gab es bei Ihnen zum Mittagessen – eine Empfehlung?",
        "Wat had je als lunch, en is het een aanrader?",
    ),
    Opener(
        "looking_forward",
        "What are you looking forward to this week?",
        "Worauf freuen Sie sich diese Woche?",
        "Waar kijk je deze week naar uit?",
    ),
    Opener(
        "desk",
        "Show us one thing on your desk and the story behind it.",
        "Zeigen Sie uns einen Gegenstand auf Ihrem Schreibtisch – was steckt dahinter?",
        "Laat één ding op je bureau zien en vertel het verhaal erachter.",
    ),
    Opener(
        "mug",
        "Coffee, tea or something else? Show us your mug.",
        "Kaffee, Tee oder etwas anderes? Zeigen Sie uns Ihre Tasse.",
        "Koffie, thee of iets anders? Laat je mok eens zien.",
    ),
    Opener(
        "local_tip",
        "If we visited your town, where should we eat?",
        "Wenn wir Sie besuchen kämen: Wo sollten wir unbedingt essen gehen?",
        "Als we bij jou op bezoek kwamen, waar moeten we dan gaan eten?",
    ),
    Opener(
        "song",
        "Which song have you had on repeat lately?",
        "Welches Lied läuft bei Ihnen gerade in Dauerschleife?",
        "Welk nummer draai je de laatste tijd steeds opnieuw?",
    ),
    Opener(
        "learned",
        "What's something new you learned recently, at work or outside it?",
        "Was haben Sie in letzter Zeit Neues gelernt, beruflich oder privat?",
        "Wat heb je onlangs nieuws geleerd, op je werk of daarbuiten?",
    ),
    Opener(
        "energy",
        "On a scale from flat battery to fully charged, how are you today?",
        "Zwischen leerem Akku und voll geladen: Wo stehen Sie heute?",
        "Van lege batterij tot volledig opgeladen: hoe voel je je vandaag?",
    ),
    Opener(
        "tradition",
        "Is there a local tradition coming up where you live?",
        "Steht bei Ihnen vor Ort bald eine Tradition oder ein Fest an?",
        "Komt er bij jou in de buurt binnenkort een traditie of feest aan?",
    ),
    Opener(
        "book",
        "What are you reading, watching or listening to at the moment?",
        "Was lesen, schauen oder hören Sie gerade?",
        "Wat lees, kijk of luister je op dit moment?",
    ),
    Opener(
        "commute",
        "What does your morning look like before this call?",
        "Wie sieht Ihr Morgen vor diesem Termin aus?",
        "Hoe ziet je ochtend eruit voor dit gesprek?",
    ),
    Opener(
        "small_win",
        "What's a small win from the last few days?",
        "Was ist Ihnen in den letzten Tagen im Kleinen gut gelungen?",
        "Wat is een kleine overwinning van de afgelopen dagen?",
    ),
    Opener(
        "hobby",
        "What keeps you busy outside of work these days?",
        "Womit beschäftigen Sie sich zurzeit außerhalb der Arbeit?",
        "Waar ben je naast je werk tegenwoordig mee bezig?",
    ),
    Opener(
        "travel",
        "Where would you go if you could work from anywhere for a month?",
        "Wohin würden Sie gehen, wenn Sie einen Monat lang von überall arbeiten könnten?",
        "Waar zou je heen gaan als je een maand overal vandaan kon werken?",
    ),
    Opener(
        "background",
        "Cameras on: what's the story behind something in your background?",
        "Kamera an: Welche Geschichte steckt hinter etwas in Ihrem Hintergrund?",
        "Camera aan: wat is het verhaal achter iets op je achtergrond?",
    ),
    Opener(
        "food",
        "What's the best thing you've eaten this week?",
        "Was war das Beste, das Sie diese Woche gegessen haben?",
        "Wat is het lekkerste dat je deze week hebt gegeten?",
    ),
    Opener(
        "season",
        "What do you like most about this time of year where you live?",
        "Was mögen Sie an dieser Jahreszeit bei Ihnen am meisten?",
        "Wat vind je het mooist aan deze tijd van het jaar bij jou?",
    ),
    Opener(
        "first_job",
        "What was your very first job, and what did it teach you?",
        "Was war Ihr allererster Job, und was haben Sie dabei gelernt?",
        "Wat was je allereerste baan, en wat heb je daarvan geleerd?",
    ),
    Opener(
        "pet",
        "Any pets or plants sharing your office today?",
        "Teilen heute Haustiere oder Pflanzen Ihr Büro?",
        "Delen er vandaag huisdieren of planten je werkplek?",
    ),
    Opener(
        "laugh",
        "What was the last thing that made you laugh out loud?",
        "Worüber haben Sie zuletzt laut gelacht?",
        "Waar moest je voor het laatst hardop om lachen?",
    ),
    Opener(
        "one_word",
        "Describe your week so far in one word.",
        "Beschreiben Sie Ihre bisherige Woche mit einem Wort.",
        "Beschrijf je week tot nu toe in één woord.",
    ),
    Opener(
        "app",
        "Which app could you not do without, and which one should you delete?",
        "Auf welche App könnten Sie nicht verzichten, und welche sollten Sie löschen?",
        "Zonder welke app kun je niet, en welke zou je eigenlijk moeten verwijderen?",
    ),
    Opener(
        "home_town",
        "What's something visitors always get wrong about your city?",
        "Was verstehen Besucher an Ihrer Stadt immer falsch?",
        "Wat begrijpen bezoekers altijd verkeerd aan jouw stad?",
    ),
    Opener(
        "plans",
        "Any plans for the coming weekend, or is doing nothing the plan?",
        "Schon Pläne fürs Wochenende – oder ist Nichtstun der Plan?",
        "Al plannen voor het weekend, of is niksen het plan?",
    ),
    Opener(
        "proud",
        "What's something you made or fixed recently that you're proud of?",
        "Was haben Sie kürzlich gebaut oder repariert, auf das Sie stolz sind?",
        "Wat heb je onlangs gemaakt of gerepareerd waar je trots op bent?",
    ),
)
BY_KEY = {opener.key: opener for opener in BANK}


def week_number(day: datetime.date) -> int:
    """Weeks since `EPOCH`, counted by ISO week (Monday to Sunday)."""
    monday = day - datetime.timedelta(days=day.isoweekday() - 1)
    return (monday - EPOCH).days // 7


def _order(salt: str) -> tuple[int, int]:
    """A series' own walk through the bank: where it starts and its step, a step coprime
    with the bank's size, so the walk visits every opener once before repeating."""
    size = len(BANK)
    digest = hashlib.sha256(f"project-opener:{salt}".encode()).digest()
    start = int.from_bytes(digest[:8], "big") % size
    steps = [s for s in range(1, size) if math.gcd(s, size) == 1]
    return start, steps[int.from_bytes(digest[8:16], "big") % len(steps)]


def opener_pick(week_date: datetime.date, salt: object = "") -> Opener:
    start, step = _order(str(salt))
    return BANK[(start + week_number(week_date) * step) % len(BANK)]


def opener_of_week(language: str, week_date: datetime.date, salt: object = "") -> str:
    """The opener for the ISO week of `week_date` in `language` (English for a language
    the bank lacks); `salt` (the series' id) gives each series its own order."""
    return opener_pick(week_date, salt).text(language)
