"""Benchmark the matcher on a realistic random program: time, peak memory, total score against greedy.

Usage: python bench/matching.py [--mentees 10000] [--mentors 2000] [--capacity 5] [--seed 1]
Peak memory is the process's peak resident set size (resource.getrusage ru_maxrss, Linux KiB),
so it includes Python, numpy, scipy and the generated instance. Last line:
RESULT seconds=<solve wall time> peak_mb=<peak RSS> score=<solve total> greedy=<greedy total>
"""

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentorship.services.matching.suggest import Person, greedy, solve  # noqa: E402

TAGS = [
    "python",
    "javascript",
    "career-change",
    "interviews",
    "data-science",
    "machine-learning",
    "sql",
    "frontend",
    "backend",
    "devops",
    "kubernetes",
    "aws",
    "security",
    "leadership",
    "management",
    "product",
    "ux-design",
    "writing",
    "public-speaking",
    "open-source",
    "rust",
    "go",
    "java",
    "c++",
    "mobile",
    "ios",
    "android",
    "testing",
    "architecture",
    "databases",
    "cloud",
    "linux",
    "networking",
    "startups",
    "freelancing",
    "negotiation",
    "remote-work",
    "accessibility",
    "react",
    "django",
    "flask",
    "statistics",
    "analytics",
    "embedded",
    "gamedev",
    "blockchain",
    "nlp",
    "computer-vision",
    "mlops",
    "sre",
    "qa",
    "agile",
    "hiring",
    "mentoring",
    "research",
    "phd",
    "design-systems",
    "performance",
    "compilers",
    "burnout",
]
ZONES = [
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Toronto",
    "America/Mexico_City",
    "America/Bogota",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Warsaw",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Manila",
    "Australia/Sydney",
    "Pacific/Auckland",
]
WORDS = """data engineering career interviews portfolio frontend backend cloud leadership team manager promotion
salary negotiation startup product design research thesis open source contribution testing automation deployment
pipeline security architecture scaling system performance mobile apps game web accessibility writing talks
conference community hiring onboarding remote balance burnout confidence feedback code review algorithms
statistics machine models analytics dashboards python rust javascript kubernetes infrastructure reliability""".split()  # noqa: SIM905
OPENERS = ["I want to", "Hoping to", "Looking to", "I would like to", "My goal is to", "I need help to"]
VERBS = ["get into", "grow in", "prepare for", "improve my", "switch to", "learn more about", "lead", "build"]
SLOTS = [
    f"{d}-{p}" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") for p in ("morning", "afternoon", "evening")
]
LANGUAGES = ["en", "es", "de", "fr", "pt", "hi", "zh", "ja"]


def people(rng, n, role, first_id, capacity):
    """n random people with Zipf-skewed topics, goal sentences, zones, slots and years."""
    tag_p = 1.0 / np.arange(1, len(TAGS) + 1) ** 1.1
    zone_p = rng.dirichlet(np.ones(len(ZONES)) * 2)
    word_p = 1.0 / np.arange(1, len(WORDS) + 1) ** 0.8
    result = []
    for i in range(n):
        topics = rng.choice(TAGS, size=rng.integers(3, 7), replace=False, p=tag_p / tag_p.sum())
        words = rng.choice(WORDS, size=rng.integers(3, 8), replace=False, p=word_p / word_p.sum())
        goals = f"{rng.choice(OPENERS)} {rng.choice(VERBS)} {' '.join(words)}."
        slots = rng.choice(SLOTS, size=rng.integers(2, 9), replace=False)
        languages = {"en"} | set(rng.choice(LANGUAGES, size=rng.integers(0, 2)).tolist())
        years = int(rng.integers(3, 26)) if role == "mentor" else int(rng.integers(0, 6))
        priority = 0 if role == "mentor" else int(rng.choice([0, 1, 2], p=[0.93, 0.05, 0.02]))
        result.append(
            Person(
                id=first_id + i,
                user_id=first_id + i,
                role=role,
                topics=frozenset(topics.tolist()),
                goals=goals,
                timezone=str(rng.choice(ZONES, p=zone_p)),
                availability=frozenset(slots.tolist()),
                experience_years=years,
                capacity=capacity if role == "mentor" else 1,
                languages=frozenset(languages),
                priority=priority,
            )
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--capacity", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    mentors = people(rng, args.mentors, "mentor", 1, args.capacity)
    mentees = people(rng, args.mentees, "mentee", 1_000_000, 1)
    # Some blocks / earlier tries, and a few pairs an admin locked.
    blocked_mentors = rng.integers(1, args.mentors + 1, 2000).tolist()
    blocked_mentees = rng.integers(1_000_000, 1_000_000 + args.mentees, 2000).tolist()
    forbidden = set(zip(blocked_mentors, blocked_mentees, strict=True))
    locked = [(mentors[i].id, mentees[i].id) for i in range(min(20, args.mentors, args.mentees))]
    locked = [(a, b) for a, b in locked if (a, b) not in forbidden]
    kwargs = {"forbidden": forbidden, "locked": locked}

    start, cpu_start = time.perf_counter(), time.process_time()
    result = solve(mentors, mentees, **kwargs)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    start = time.perf_counter()
    baseline = greedy(mentors, mentees, **kwargs)
    greedy_seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def matched_priority(r):
        by_id = {p.id: p.priority for p in mentees}
        return sum(by_id[m] for s in r.suggestions for m in s.mentee_ids)

    places = sum(p.capacity for p in mentors)
    print(f"instance: {args.mentees} mentees x {args.mentors} mentors, capacity {args.capacity} ({places} places)")
    print(f"  forbidden pairs {len(forbidden)}, locked pairs {len(locked)}, seed {args.seed}")
    for name, r, secs in (("solve", result, seconds), ("greedy", baseline, greedy_seconds)):
        print(
            f"{name:>7}: {secs:6.2f} s  pairs {len(r.suggestions):6d}  unmatched {len(r.unmatched):6d}  "
            f"total score {r.total_score:12.1f}  mean {r.total_score / max(len(r.suggestions), 1):5.1f}  "
            f"matched priority {matched_priority(r)}"
        )
    reasons = {}
    for why in result.unmatched.values():
        reasons[why] = reasons.get(why, 0) + 1
    for why, n in sorted(reasons.items(), key=lambda item: -item[1]):
        print(f"  unmatched: {n:6d}  {why}")
    if result.suggestions:
        best = result.suggestions[0]
        print("best suggestion:", "; ".join(f"{r.text} ({r.points:.1f})" for r in best.reasons))
    print(f"solve CPU time {cpu_seconds:.2f} s (wall {seconds:.2f} s; the gap is other load on the machine)")
    print(f"peak memory (ru_maxrss, whole process): {peak_mb:.0f} MB")
    print(
        f"RESULT seconds={seconds:.2f} peak_mb={peak_mb:.0f} score={result.total_score:.1f} "
        f"greedy={baseline.total_score:.1f}"
    )


if __name__ == "__main__":
    main()
