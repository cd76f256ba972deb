"""Programs: built-in templates, create and edit, weekly steps, state changes, export and import."""

import json
from functools import cache

from sqlalchemy import func, select

from mentorship.config import DATA_DIR
from mentorship.extensions import db
from mentorship.models import Community, Mentorship, Program, ProgramStep, User, utcnow
from mentorship.models.matching import MatchSuggestion, MentorRequest
from mentorship.models.program import FORMATS, MATCHING_MODES
from mentorship.services.communities import audit
from mentorship.services.communities.membership import slugify
from mentorship.services.matching.suggest import DEFAULT_WEIGHTS
from mentorship.services.notify.notifications import notify
from mentorship.services.outcomes.surveys import add_built_in_surveys

TEMPLATE_DIR = DATA_DIR / "templates"
BUILT_IN_TEMPLATES = (
    "career-advancement",
    "skill-development",
    "encouragement-support",
    "reverse-mentorship",
    "group-circle",
)
FORMAT_VERSION = 1
MAX_WEEKS = 26
MAX_CAPACITY = 10
MIN_CIRCLE, MAX_CIRCLE = 2, 12
MAX_QUESTIONS = 5
MAX_IMPORT_BYTES = 200_000
# A program file is three levels deep (the file, its steps, a step); 10 leaves room and stops a file nested
# 50,000 levels deep before the JSON parser recurses into it.
MAX_IMPORT_DEPTH = 10
LIMITS = {"title": 120, "description": 5000, "step_title": 120, "guidance": 5000, "activity": 3000, "question": 300}
DEFAULT_ROLE_LABELS = {
    "mentor": {"label": "Mentor", "help": "You'll share what you know and help someone along."},
    "mentee": {"label": "Mentee", "help": "You'll bring a goal and work towards it with your mentor."},
}
# Allowed state changes and the button that makes each.
TRANSITIONS = {
    ("draft", "open"): "Open for sign-up",
    ("open", "running"): "Start the program",
    ("open", "closed"): "Close the program",
    ("running", "closed"): "Close the program",
}


class ProgramError(ValueError):
    """A program action refused, with a message (or several) for the person."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


# --- templates and the shared file format -------------------------------------------------


def _problems_in(data) -> list[str]:
    """Everything wrong with a program file's data, in words; empty when it is valid."""
    if not isinstance(data, dict):
        return ["The file must contain one JSON object (starting with {)."]
    problems = []
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append("The program needs a title.")
    elif len(title.strip()) > LIMITS["title"]:
        problems.append(f"The title is longer than {LIMITS['title']} characters.")
    if not isinstance(data.get("description", ""), str) or len(data.get("description", "")) > LIMITS["description"]:
        problems.append(f"The description must be text of at most {LIMITS['description']} characters.")
    if data.get("format", "one_to_one") not in FORMATS:
        problems.append("The format must be one of: " + ", ".join(FORMATS) + ".")
    if data.get("matching_mode", "suggested") not in MATCHING_MODES:
        problems.append("The matching mode must be one of: " + ", ".join(MATCHING_MODES) + ".")
    for key, low, high in (
        ("default_capacity", 1, MAX_CAPACITY),
        ("circle_size", MIN_CIRCLE, MAX_CIRCLE),
        ("checkin_weekday", 0, 6),
    ):
        value = data.get(key, low)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            problems.append(f"{key} must be a whole number from {low} to {high}.")
    questions = data.get("signup_questions", [])
    if not isinstance(questions, list) or not all(isinstance(q, str) and q.strip() for q in questions):
        problems.append("signup_questions must be a list of questions (text).")
    elif len(questions) > MAX_QUESTIONS or any(len(q) > LIMITS["question"] for q in questions):
        problems.append(f"Use at most {MAX_QUESTIONS} sign-up questions of {LIMITS['question']} characters each.")
    roles = data.get("roles", {})
    if not isinstance(roles, dict) or not all(
        role in ("mentor", "mentee")
        and isinstance(words, dict)
        and all(isinstance(words.get(k, ""), str) and len(words.get(k, "")) <= 500 for k in ("label", "help"))
        for role, words in roles.items()
    ):
        problems.append("roles must give a label and help text (up to 500 characters) for mentor and mentee.")
    weights = data.get("match_weights", {})
    if not isinstance(weights, dict) or not all(
        k in DEFAULT_WEIGHTS and isinstance(v, int) and 0 <= v <= 100 for k, v in weights.items()
    ):
        problems.append("match_weights must map " + ", ".join(DEFAULT_WEIGHTS) + " to whole numbers from 0 to 100.")
    problems.extend(_step_problems(data.get("steps")))
    return problems


def _step_problems(steps) -> list[str]:
    if not isinstance(steps, list) or not steps:
        return ["The program needs a list of weekly steps (at least one)."]
    if len(steps) > MAX_WEEKS:
        return [f"A program can have at most {MAX_WEEKS} weeks; this one has {len(steps)}."]
    problems = []
    for week, step in enumerate(steps, start=1):
        if not isinstance(step, dict):
            problems.append(f"Week {week} must be an object with a title, guidance and activity.")
            continue
        title = step.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.append(f"Week {week} has no title.")
        elif len(title) > LIMITS["step_title"]:
            problems.append(f"Week {week}'s title is longer than {LIMITS['step_title']} characters.")
        for key in ("guidance", "activity"):
            value = step.get(key, "")
            if not isinstance(value, str) or len(value) > LIMITS[key]:
                problems.append(f"Week {week}'s {key} must be text of at most {LIMITS[key]} characters.")
    return problems


def parse_program_file(raw: str | bytes) -> dict:
    """Read and check a shared program file; raises ProgramError listing every problem."""
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > MAX_IMPORT_BYTES:
        raise ProgramError(f"The file is larger than {MAX_IMPORT_BYTES // 1000} KB.")
    if _nesting_depth(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw) > MAX_IMPORT_DEPTH:
        raise ProgramError(f"The file is nested more than {MAX_IMPORT_DEPTH} levels deep; a program file has 3.")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise ProgramError(f"This is not valid JSON ({error}).")
    problems = _problems_in(data)
    if problems:
        raise ProgramError("The program file has problems.", problems)
    return data


def _nesting_depth(text: str) -> int:
    """How deeply JSON arrays and objects nest in `text` (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


@cache
def load_template(key: str) -> dict:
    """A built-in template's data (checked like any imported file)."""
    if key not in BUILT_IN_TEMPLATES:
        raise ProgramError("Choose one of the built-in templates.")
    return parse_program_file((TEMPLATE_DIR / f"{key}.json").read_bytes())


def built_in_templates() -> list[dict]:
    return [load_template(key) for key in BUILT_IN_TEMPLATES]


def _program_from_data(community: Community, creator: User, data: dict, template_key: str = "") -> Program:
    steps = data["steps"]
    program = Program(
        community_id=community.id,
        template_key=template_key,
        title=data["title"].strip(),
        description=data.get("description", "").strip(),
        format=data.get("format", "one_to_one"),
        weeks=len(steps),
        status="draft",
        matching_mode=data.get("matching_mode", "suggested"),
        default_capacity=data.get("default_capacity", 1),
        circle_size=data.get("circle_size", 5),
        checkin_weekday=data.get("checkin_weekday", 0),
        signup_questions=[q.strip() for q in data.get("signup_questions", [])],
        role_labels={role: dict(words) for role, words in data.get("roles", {}).items()},
        match_weights={**DEFAULT_WEIGHTS, **data.get("match_weights", {})},
        match_rules={"must": []},
        created_by_id=creator.id,
    )
    program.steps = [
        ProgramStep(
            week=week,
            title=step["title"].strip(),
            guidance=step.get("guidance", "").strip(),
            activity=step.get("activity", "").strip(),
        )
        for week, step in enumerate(steps, start=1)
    ]
    db.session.add(program)
    db.session.flush()
    audit.log(
        program.community_id, creator.id, "program_created", "program", program.id, template=template_key or "import"
    )
    return program


def create_from_template(community: Community, creator: User, template_key: str, title: str = "") -> Program:
    """A new draft program with the template's copied steps; commits."""
    data = dict(load_template(template_key))
    if title.strip():
        data["title"] = title.strip()
    program = _program_from_data(community, creator, data, template_key)
    add_built_in_surveys(program, template_key)
    db.session.commit()
    return program


def import_program(community: Community, creator: User, raw: str | bytes) -> Program:
    """A new draft program from a shared file; raises ProgramError and stores nothing if it is invalid."""
    data = parse_program_file(raw)
    program = _program_from_data(community, creator, data, str(data.get("key", ""))[:40])
    db.session.commit()
    return program


def export_program(program: Program) -> str:
    """The program's settings and steps as a shareable JSON file (no people, no answers)."""
    data = {
        "format_version": FORMAT_VERSION,
        "key": program.template_key,
        "title": program.title,
        "description": program.description,
        "format": program.format,
        "matching_mode": program.matching_mode,
        "default_capacity": program.default_capacity,
        "circle_size": program.circle_size,
        "checkin_weekday": program.checkin_weekday,
        "signup_questions": list(program.signup_questions or []),
        "roles": role_labels(program),
        "match_weights": {k: int(v) for k, v in weights_of(program).items()},
        "steps": [{"title": s.title, "guidance": s.guidance, "activity": s.activity} for s in program.steps],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def slug_for_file(title: str) -> str:
    """A safe file name for an exported program."""
    return slugify(title) or "program"


def role_labels(program: Program) -> dict:
    """The program's wording for both roles, with defaults filled in."""
    labels = program.role_labels or {}
    return {role: {**DEFAULT_ROLE_LABELS[role], **labels.get(role, {})} for role in ("mentor", "mentee")}


def weights_of(program: Program) -> dict:
    return {**DEFAULT_WEIGHTS, **(program.match_weights or {})}


def must_of(program: Program) -> frozenset[str]:
    return frozenset((program.match_rules or {}).get("must", []))


# --- editing --------------------------------------------------------------------------------


def has_mentorships(program: Program) -> bool:
    return bool(db.session.scalar(select(func.count(Mentorship.id)).where(Mentorship.program_id == program.id)))


def update_program(program: Program, actor: User, **fields) -> None:
    """Save the settings form; the format and length are fixed once people are paired; commits."""
    if program.status == "closed":
        raise ProgramError("A closed program can't be edited.")
    fmt = fields.get("format", program.format)
    mode = fields.get("matching_mode", program.matching_mode)
    if fmt != program.format and program.status != "draft":
        raise ProgramError("The format can only be changed while the program is a draft.")
    if fmt == "group" and mode == "mentee_choice":
        raise ProgramError("Circles are built by the matcher: choose admin or suggested matching for a group program.")
    if mode != program.matching_mode and program.status == "running":
        raise ProgramError("The matching mode can't change once the program is running.")
    weeks = fields.pop("weeks", program.weeks)
    if weeks != program.weeks:
        set_weeks(program, weeks, commit=False)
    labels = fields.pop("role_labels", None)
    if labels is not None:
        program.role_labels = labels
    for key, value in fields.items():
        setattr(program, key, value)
    audit.log(program.community_id, actor.id, "program_edited", "program", program.id)
    db.session.commit()


def set_weeks(program: Program, weeks: int, commit: bool = True) -> None:
    """Make the program `weeks` long: later steps are removed, new weeks are added for the admin to write."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ProgramError(f"A program runs from 1 to {MAX_WEEKS} weeks.")
    if program.status not in ("draft", "open") and weeks != program.weeks:
        raise ProgramError("The number of weeks can't change once the program is running.")
    steps = list(program.steps)
    for step in steps[weeks:]:
        program.steps.remove(step)
    for week in range(len(steps) + 1, weeks + 1):
        program.steps.append(ProgramStep(week=week, title=f"Week {week}", guidance="", activity=""))
    program.weeks = weeks
    if commit:
        db.session.commit()


def update_step(program: Program, week: int, title: str, guidance: str, activity: str) -> ProgramStep:
    """Save one week's step; commits."""
    if program.status == "closed":
        raise ProgramError("A closed program can't be edited.")
    step = next((s for s in program.steps if s.week == week), None)
    if step is None:
        raise ProgramError(f"This program has no week {week}.")
    step.title, step.guidance, step.activity = title.strip(), guidance.strip(), activity.strip()
    db.session.commit()
    return step


# --- states -----------------------------------------------------------------------------------


def transition_problems(program: Program, target: str) -> list[str]:
    """Why the program can't move to `target` now (empty when it can)."""
    if (program.status, target) not in TRANSITIONS:
        return [f"A {program.status} program can't become {target}."]
    problems = []
    if target == "open":
        if len(program.steps) != program.weeks:
            problems.append("Every week needs a step.")
        missing = [str(s.week) for s in program.steps if not s.title.strip() or not s.guidance.strip()]
        if missing:
            problems.append("Write a title and guidance for week " + ", ".join(missing) + " first.")
        if not program.description.strip():
            problems.append("Add a description so members know what they sign up for.")
    if target == "running":
        active = db.session.scalar(
            select(func.count(Mentorship.id)).where(Mentorship.program_id == program.id, Mentorship.status == "active")
        )
        if not active:
            problems.append("Pair at least one mentor and mentee before starting the program.")
    return problems


def change_status(program: Program, actor: User, target: str) -> None:
    """Move draft -> open -> running -> closed (or open -> closed) when the rules allow; commits."""
    problems = transition_problems(program, target)
    if problems:
        raise ProgramError(problems[0], problems)
    previous, program.status = program.status, target
    if target == "running":
        program.started_at = utcnow()
    if target == "closed":
        _close_open_work(program)
    audit.log(
        program.community_id, actor.id, "program_status", "program", program.id, **{"from": previous, "to": target}
    )
    db.session.commit()


def _close_open_work(program: Program) -> None:
    """A closed program makes no new pairs: drop pending suggestions and open requests."""
    for suggestion in db.session.scalars(
        select(MatchSuggestion).where(MatchSuggestion.program_id == program.id, MatchSuggestion.status == "pending")
    ):
        suggestion.status = "superseded"
    for request in db.session.scalars(
        select(MentorRequest).where(MentorRequest.program_id == program.id, MentorRequest.status == "open")
    ):
        request.status, request.decided_at = "closed", utcnow()
        notify(
            request.mentee.user_id,
            "request_closed",
            f"{program.title} has closed, so your request to {request.mentor.user.display_name} was closed.",
        )


def delete_draft(program: Program, actor: User) -> None:
    """Delete a program that never opened; commits."""
    if program.status != "draft":
        raise ProgramError("Only a draft can be deleted; close the program instead.")
    audit.log(program.community_id, actor.id, "program_deleted", "program", program.id, title=program.title)
    db.session.delete(program)
    db.session.commit()
