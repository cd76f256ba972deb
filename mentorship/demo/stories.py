"""The words of the demo's cohorts: what each program says of itself, who signs up with which goals, how
each pair's weeks went and what they wrote. mentorship/demo/cohorts.py seeds them."""

# What each program tells its members (the templates' own descriptions are written for any community).
DESCRIPTIONS = {
    "Data careers: winter cohort": (
        "Eight weeks for members moving into data work: analysts, engineers and scientists paired with people"
        " a few steps ahead. Pairs start as soon as sign-ups close."
    ),
    "Into tech: autumn cohort": (
        "Our autumn cohort for members changing careers into tech: eight weeks with a mentor who made a "
        "similar move, a weekly step and a short check-in."
    ),
    "Career switchers: summer cohort": (
        "Six calm weeks for members in the middle of a career change: encouragement, steady habits and "
        "someone in your corner."
    ),
    "Reverse mentoring: new tools": (
        "Newer members teach: mobile apps, short-form video and the tools they grew up with, to experienced "
        "members who share how decisions get made in return."
    ),
}

# (name, role, topics, goals, years, capacity) for the open program; the last three wait for a decision.
DATA_COHORT = [
    (
        "Rahul Mehta",
        "mentor",
        ["python", "machine-learning", "data-science"],
        "I help analysts take their first steps into Python and models they can explain.",
        9,
        2,
    ),
    (
        "Aisha Khan",
        "mentor",
        ["data-science", "sql", "public-speaking"],
        "I can help you build dashboards people read and present them with confidence.",
        8,
        1,
    ),
    (
        "Nadia Petrova",
        "mentor",
        ["python", "sql", "interviewing"],
        "Interview practice for data and back-end roles, and a code review of your take-home.",
        11,
        2,
    ),
    (
        "Laura Weber",
        "mentor",
        ["data-science", "machine-learning", "leadership"],
        "For people who want to lead data work one day: scoping, saying no, and growing a team.",
        14,
        1,
    ),
    (
        "Chen Jing",
        "mentor",
        ["machine-learning", "data-science", "leadership"],
        "I'll help you choose a first data role and plan the skills to get there.",
        16,
        1,
    ),
    (
        "Priyanka Rao",
        "mentor",
        ["product-management", "data-science", "sql"],
        "Product analytics: asking the right question before writing any SQL.",
        6,
        1,
    ),
    (
        "Fatima Zahra Benali",
        "mentee",
        ["sql", "data-science", "python"],
        "Move from Excel reports to SQL and Python; land a data engineering role next year",
        3,
        1,
    ),
    (
        "Carlos Mendoza",
        "mentee",
        ["sql", "excel", "interviewing"],
        "Get my first analyst job; practise technical interviews; build one portfolio project",
        1,
        1,
    ),
    (
        "Pedro Alves",
        "mentee",
        ["sql", "data-science", "product-management"],
        "Turn my operations know-how into a business intelligence role",
        2,
        1,
    ),
    (
        "Andrés López",
        "mentee",
        ["python", "data-science", "machine-learning"],
        "Automate the monthly reports at work; understand which models are worth the trouble",
        1,
        1,
    ),
    (
        "Isabel Costa",
        "mentee",
        ["data-science", "leadership", "public-speaking"],
        "Learn enough data science to lead a data-heavy project well",
        2,
        1,
    ),
    (
        "Leila Farahani",
        "mentee",
        ["data-science", "ux-design"],
        "Learn enough SQL and statistics to run my own research analysis",
        1,
        1,
    ),
    ("Julia Nowak", "mentee", ["data-science", "figma"], "Design data-heavy dashboards that make sense", 0, 1),
    ("Zainab Oyelaran", "mentee", ["sql", "python"], "Add data skills to my developer toolkit", 1, 1),
    ("Michael Osei", "mentee", ["machine-learning", "python"], "Put a small model into my mobile app", 0, 1),
    ("Tomás Silva", "mentee", ["sql", "cloud"], "Understand the data side of the apps I build", 3, 1),
    ("Ethan Brooks", "mentee", ["sql", "javascript"], "Add SQL to my front-end skills for full-stack roles", 2, 1),
    (
        "Arjun Patel",
        "mentee",
        ["sql", "data-science", "career-change"],
        "Finish my analytics course with a real project and a mentor's eye on it",
        0,
        1,
    ),
    (
        "Grace Liu",
        "mentor",
        ["machine-learning", "python", "writing"],
        "Reading papers without fear, and writing about your own work.",
        7,
        1,
    ),
]

# (mentor, mentee, weeks since the start, how it went): "steady", "missed" (one week without the mentee),
# "quiet" (nothing for three weeks: health lists it), "split" (this week's ratings far apart: health lists it).
INTO_TECH = [
    ("Emma Johansson", "Jamal Wright", 7, "steady"),
    ("Ben Carter", "Zainab Oyelaran", 6, "steady"),
    ("Oliver Hughes", "Sara Ahmadi", 5, "quiet"),
    ("Olusegun Adeyemi", "Michael Osei", 5, "split"),
    ("Chloé Martin", "Julia Nowak", 4, "steady"),
    ("Tariq Mahmoud", "Lukas Novák", 4, "quiet"),
    ("Samir Haddad", "Daniel Cohen", 3, "missed"),
    ("Vikram Singh", "Tomás Silva", 2, "steady"),
    ("Ingrid Larsen", "Anna Kowalska", 0, "steady"),
]

MENTEE_GOALS = {
    "Jamal Wright": "Move from customer success into product; learn to write a product brief",
    "Zainab Oyelaran": "Finish two portfolio projects; get through my first technical interview",
    "Sara Ahmadi": "Get confident in code review; pass my apprenticeship assessment",
    "Michael Osei": "Ship my React Native app to the store; find a graduate role",
    "Julia Nowak": "Build a product design case study from my print work",
    "Lukas Novák": "Prepare for a test lead role; learn to talk about quality with managers",
    "Daniel Cohen": "Move from networks into cloud security; plan a certification",
    "Tomás Silva": "Practise system design interviews for senior Android roles",
    "Anna Kowalska": "Decide between product owner and delivery manager; talk to people in both",
}

# Finished cohort: (mentor, mentee, how it ended, each side's (helpful 1-5, would recommend, comment)).
SUMMER = [
    (
        "Hiroshi Yamamoto",
        "Ahmed Hassan",
        "completed",
        (5, True, "Calm, honest advice every week."),
        (5, True, "Ahmed did every exercise. A joy."),
    ),
    ("Sofia Rossi", "Amelia Clarke", "completed", (5, True, "I got the job! Thank you, Sofia."), (4, True, "")),
    (
        "Elif Yılmaz",
        "Mateo García",
        "completed",
        (4, True, "Good structure, I'd have liked more mock interviews."),
        (4, True, ""),
    ),
    (
        "Katarzyna Wiśniewska",
        "Diego Ramírez",
        "completed",
        (3, False, "Helpful, but our time zones were hard."),
        (4, True, ""),
    ),
    ("Mei Tanaka", "Yuki Sato", "completed", (5, True, ""), (5, True, "We'll keep meeting once a month.")),
    ("Nora O'Brien", "Marco Bianchi", "ended", None, None),
]
SUMMER_GOALS = {
    "Ahmed Hassan": "Pass the cloud security certification; move into a cloud security team",
    "Amelia Clarke": "Get my first content design job; build a portfolio of three pieces",
    "Mateo García": "Find product design clients in tech; price my work properly",
    "Diego Ramírez": "Understand CI pipelines; deploy my own side project",
    "Yuki Sato": "Write a UX writing style guide; speak at a meetup",
    "Marco Bianchi": "Grow from small-business sites to a product team",
}

NOTES = {
    5: ["Best session yet.", "Clear plan for the week, feeling good.", "We got through everything and more."],
    4: ["Good conversation, useful homework.", "Steady progress.", "Helpful, a bit short on time."],
    3: ["Okay week, hard to find time.", "We talked, but I'm not sure what to do next.", "Rescheduled once."],
    2: ["Felt rushed and a bit lost.", "We didn't really connect this week."],
}
NEXT_GOALS = [
    "Finish the exercise from this week's step",
    "Send my draft before Thursday",
    "Book two coffee chats",
    "Rewrite my CV summary",
    "Practise the story out loud twice",
    "Read the article we talked about",
]
CHAT = [
    ("mentor", "How did the exercise go? No pressure if it took longer than planned."),
    ("mentee", "I got halfway. The second part made me realise I'd never written my goals down before."),
    ("mentor", "That's the point of it. Bring what you have on our call and we'll finish it together."),
    ("mentee", "Thanks! Same time on Thursday works for me."),
    ("mentor", "Here's the article I mentioned: [How to tell your career story](https://example.com/story)."),
    ("mentee", "Read it twice. The part about naming one decision that mattered really helped."),
]

BIGGEST_DIFFERENCE = [
    "Having someone a few steps ahead who had made the same jump.",
    "The weekly check-in kept me honest.",
    "Practising out loud before the real interview.",
    "Being told my old job was an advantage, not a gap.",
    "The homework. Annoying at the time, worth it.",
]
