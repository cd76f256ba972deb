"""The demo's wider membership: 48 more people, so matching, dashboards and the board have a real crowd.

Each has a background of their own (skills, time zone, languages, a short bio); the programs, board, moderation
and events seeds pick them by name. The first twelve demo people (people.DEMO_PEOPLE) keep their places.
"""

import unicodedata
from typing import NamedTuple


class DemoPerson(NamedTuple):
    name: str
    timezone: str
    skills: list[str]
    languages: list[str]
    bio: str
    locale: str | None = None  # the site's language for them; None: English


CROWD = [
    DemoPerson(
        "Hannah Schmidt",
        "Europe/Berlin",
        ["product-management", "leadership", "negotiation"],
        ["english", "german"],
        "Head of product at a travel start-up; taught chemistry for six years first.",
        "de",
    ),
    DemoPerson(
        "Rahul Mehta",
        "Asia/Kolkata",
        ["python", "machine-learning", "data-science"],
        ["english", "hindi"],
        "ML engineer in Bengaluru. Came from mechanical engineering and still loves a good gearbox.",
    ),
    DemoPerson(
        "Chloé Martin",
        "Europe/Paris",
        ["ux-design", "accessibility", "figma"],
        ["english", "french"],
        "Accessibility lead at a bank. Former theatre set designer.",
    ),
    DemoPerson(
        "Diego Ramírez",
        "America/Mexico_City",
        ["javascript", "react", "testing"],
        ["spanish", "english"],
        "Front-end developer since 2019; before that I managed a restaurant kitchen.",
        "es",
    ),
    DemoPerson(
        "Fatima Zahra Benali",
        "Africa/Casablanca",
        ["sql", "excel", "data-science"],
        ["arabic", "french", "english"],
        "Analyst in retail pricing, moving towards data engineering.",
        "ar",
    ),
    DemoPerson(
        "Olusegun Adeyemi",
        "Africa/Lagos",
        ["cloud", "devops", "security"],
        ["english", "yoruba"],
        "Site reliability engineer. I mentor because someone once answered my 2 a.m. questions.",
    ),
    DemoPerson(
        "Mei Tanaka",
        "Asia/Tokyo",
        ["mobile", "javascript", "ux-design"],
        ["japanese", "english"],
        "Builds iOS apps for a health charity. Learnt to code at 34 after a career in translation.",
    ),
    DemoPerson(
        "Lukas Novák",
        "Europe/Prague",
        ["testing", "python", "devops"],
        ["czech", "english", "german"],
        "QA engineer turned test automation lead. Ex-professional cyclist.",
    ),
    DemoPerson(
        "Sofia Rossi",
        "Europe/Rome",
        ["marketing", "content-strategy", "writing"],
        ["italian", "english"],
        "Content strategist; ten years in print journalism before that.",
    ),
    DemoPerson(
        "Ahmed Hassan",
        "Africa/Cairo",
        ["security", "cloud", "networking"],
        ["arabic", "english"],
        "Security analyst. Moved from the army's signals corps into a SOC team.",
    ),
    DemoPerson(
        "Isabel Costa",
        "America/Sao_Paulo",
        ["project-management", "leadership", "career-change"],
        ["portuguese", "spanish", "english"],
        "Delivery manager in fintech, former nurse of eight years.",
    ),
    DemoPerson(
        "Ethan Brooks",
        "America/Los_Angeles",
        ["react", "javascript", "accessibility"],
        ["english"],
        "Self-taught developer, two years in. Still a bit scared of code review.",
    ),
    DemoPerson(
        "Aisha Khan",
        "Europe/London",
        ["data-science", "sql", "public-speaking"],
        ["english", "urdu"],
        "Data scientist in public health; I talk at meetups about dashboards people actually read.",
    ),
    DemoPerson(
        "Mateo García",
        "Europe/Madrid",
        ["freelancing", "ux-design", "portfolio"],
        ["spanish", "english"],
        "Freelance product designer; left architecture in 2020.",
        "es",
    ),
    DemoPerson(
        "Nadia Petrova",
        "Europe/Sofia",
        ["python", "sql", "interviewing"],
        ["bulgarian", "english"],
        "Back-end developer who has hired twelve juniors and remembers every interview.",
    ),
    DemoPerson(
        "Kwame Boateng",
        "Africa/Accra",
        ["community", "marketing", "networking"],
        ["english", "twi"],
        "Runs a developer community of 3,000 people in Accra. Day job: partnerships.",
    ),
    DemoPerson(
        "Emma Johansson",
        "Europe/Stockholm",
        ["leadership", "product-management", "negotiation"],
        ["swedish", "english"],
        "VP of product. Started as a support agent answering tickets.",
    ),
    DemoPerson(
        "Carlos Mendoza",
        "America/Bogota",
        ["excel", "sql", "career-change"],
        ["spanish", "english"],
        "Accountant learning SQL in the evenings. I want my first analyst role within a year.",
    ),
    DemoPerson(
        "Yuki Sato",
        "Asia/Tokyo",
        ["figma", "ux-design", "writing"],
        ["japanese", "english"],
        "UX writer. Words on buttons are my favourite kind of words.",
    ),
    DemoPerson(
        "Ben Carter",
        "America/New_York",
        ["interviewing", "python", "leadership"],
        ["english"],
        "Engineering manager at a logistics company; I run our apprenticeship.",
    ),
    DemoPerson(
        "Zainab Oyelaran",
        "Africa/Lagos",
        ["javascript", "career-change", "portfolio"],
        ["english", "yoruba"],
        "Bootcamp graduate, ex-bank teller, building my first portfolio.",
    ),
    DemoPerson(
        "Tomás Silva",
        "Europe/Lisbon",
        ["mobile", "testing", "cloud"],
        ["portuguese", "english"],
        "Android developer; moved from hardware repair into apps.",
    ),
    DemoPerson(
        "Anna Kowalska",
        "Europe/Warsaw",
        ["project-management", "community", "writing"],
        ["polish", "english"],
        "Scrum master and meetup organiser. Former primary-school teacher.",
    ),
    DemoPerson(
        "Samir Haddad",
        "Asia/Beirut",
        ["security", "python", "interviewing"],
        ["arabic", "english", "french"],
        "Penetration tester; I coach people through their first security certifications.",
    ),
    DemoPerson(
        "Laura Weber",
        "Europe/Zurich",
        ["data-science", "machine-learning", "leadership"],
        ["german", "english", "french"],
        "Leads a data team at an insurer. PhD in ecology, long ago.",
        "de",
    ),
    DemoPerson(
        "Jamal Wright",
        "America/Chicago",
        ["career-change", "networking", "public-speaking"],
        ["english"],
        "Ex-teacher now in customer success at a SaaS company; looking at product next.",
    ),
    DemoPerson(
        "Priyanka Rao",
        "Asia/Kolkata",
        ["product-management", "data-science", "sql"],
        ["english", "hindi", "kannada"],
        "Product analyst. I turn messy questions into clear ones.",
    ),
    DemoPerson(
        "Oliver Hughes",
        "Europe/London",
        ["devops", "cloud", "kubernetes"],
        ["english"],
        "Platform engineer at a broadcaster. Came in through the IT help desk.",
    ),
    DemoPerson(
        "Leila Farahani",
        "Asia/Tehran",
        ["ux-design", "accessibility", "public-speaking"],
        ["persian", "english"],
        "Design researcher; I moderate user interviews in two languages.",
    ),
    DemoPerson(
        "Marco Bianchi",
        "Europe/Rome",
        ["javascript", "react", "freelancing"],
        ["italian", "english"],
        "Freelance web developer with a dozen small-business clients.",
    ),
    DemoPerson(
        "Grace Liu",
        "America/Vancouver",
        ["machine-learning", "python", "writing"],
        ["english", "mandarin"],
        "Research engineer; I write a newsletter explaining papers in plain words.",
    ),
    DemoPerson(
        "Pedro Alves",
        "America/Sao_Paulo",
        ["sql", "excel", "project-management"],
        ["portuguese", "english"],
        "Operations planner, moving into business intelligence.",
    ),
    DemoPerson(
        "Ingrid Larsen",
        "Europe/Oslo",
        ["leadership", "negotiation", "career-change"],
        ["norwegian", "english"],
        "Career coach; twenty years in HR before going independent.",
    ),
    DemoPerson(
        "Hiroshi Yamamoto",
        "Asia/Tokyo",
        ["cloud", "security", "devops"],
        ["japanese", "english"],
        "Cloud architect at a manufacturer; thirty years in IT, always learning.",
    ),
    DemoPerson(
        "Amelia Clarke",
        "Australia/Sydney",
        ["content-strategy", "marketing", "portfolio"],
        ["english"],
        "Junior content designer, three months into my first tech job.",
    ),
    DemoPerson(
        "Vikram Singh",
        "Asia/Kolkata",
        ["python", "testing", "interviewing"],
        ["english", "hindi", "punjabi"],
        "Senior developer; I run mock interviews for our local Python group.",
    ),
    DemoPerson(
        "Nora O'Brien",
        "Europe/Dublin",
        ["writing", "community", "marketing"],
        ["english", "irish"],
        "Developer advocate. I used to write radio drama.",
    ),
    DemoPerson(
        "Tariq Mahmoud",
        "Asia/Dubai",
        ["project-management", "leadership", "cloud"],
        ["arabic", "english", "urdu"],
        "Programme manager for cloud migrations across the Gulf.",
    ),
    DemoPerson(
        "Julia Nowak",
        "Europe/Warsaw",
        ["figma", "ux-design", "mobile"],
        ["polish", "english"],
        "Second-year product designer, switching from graphic design for print.",
    ),
    DemoPerson(
        "Andrés López",
        "America/Santiago",
        ["data-science", "python", "excel"],
        ["spanish", "english"],
        "Economist learning Python to automate the reports I used to build by hand.",
        "es",
    ),
    DemoPerson(
        "Chen Jing",
        "Asia/Shanghai",
        ["machine-learning", "data-science", "leadership"],
        ["mandarin", "english"],
        "Director of data science; mentoring is the best part of my week.",
    ),
    DemoPerson(
        "Sara Ahmadi",
        "Europe/Berlin",
        ["javascript", "testing", "career-change"],
        ["persian", "german", "english"],
        "Former pharmacist, six months into a developer apprenticeship.",
    ),
    DemoPerson(
        "Daniel Cohen",
        "Asia/Jerusalem",
        ["security", "networking", "python"],
        ["hebrew", "english"],
        "Network engineer moving into cloud security.",
    ),
    DemoPerson(
        "Elif Yılmaz",
        "Europe/Istanbul",
        ["product-management", "ux-design", "interviewing"],
        ["turkish", "english", "german"],
        "Product manager at an e-commerce company; ex-management consultant.",
    ),
    DemoPerson(
        "Michael Osei",
        "Europe/London",
        ["mobile", "react", "portfolio"],
        ["english", "twi"],
        "Final-year computing student with a React Native side project.",
    ),
    DemoPerson(
        "Rosa Jiménez",
        "America/Los_Angeles",
        ["community", "leadership", "public-speaking"],
        ["spanish", "english"],
        "Community manager for an open-source foundation; I love a good meetup.",
    ),
    DemoPerson(
        "Arjun Patel",
        "America/Toronto",
        ["sql", "data-science", "career-change"],
        ["english", "gujarati"],
        "Pharmacy technician studying data analytics part-time.",
    ),
    DemoPerson(
        "Katarzyna Wiśniewska",
        "Europe/Warsaw",
        ["kubernetes", "devops", "testing"],
        ["polish", "english"],
        "DevOps engineer; I explain containers with lunchboxes.",
    ),
]


NOT_DECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "đ": "d", "ß": "ss"})


def email_of(name: str) -> str:
    """ "Chloé Martin" -> chloe.martin@example.com (ASCII, so anyone can type it)."""
    plain = unicodedata.normalize("NFKD", name.translate(NOT_DECOMPOSED)).encode("ascii", "ignore").decode().lower()
    return ".".join(plain.replace("'", "").split()) + "@example.com"
