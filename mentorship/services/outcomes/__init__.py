"""Outcomes: goals, milestones and weekly progress (goals.py, progress.py), "what we achieved" (summary.py),
program surveys and their answers (surveys.py, delivery.py), the admins' outcome report (report.py) and a
person's outcome data in their export (data.py). Floor between programs and space (pyproject's contracts)."""


class OutcomeError(ValueError):
    """An outcome action refused, with the sentence to show the person."""
