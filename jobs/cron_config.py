"""`rq cron jobs/cron_config.py`: the schedules. Cron strings are UTC.

Run exactly one `rq cron` process. The cron scheduler takes no lock, so a second one
would enqueue every sweep twice. Nothing would be sent twice (the jobs the sweeps enqueue
have ids derived from their work, are enqueued with unique=True, and write under unique
database keys), but every sweep's work would be done twice. Timezones are handled inside
the sweep: it runs every 15 minutes and finds what is due in each member's own timezone.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rq import cron  # noqa: E402

from jobs.events import sweep_event_reminders  # noqa: E402
from jobs.outcomes import sweep_survey_deliveries  # noqa: E402
from jobs.programs import expire_mentor_requests  # noqa: E402
from jobs.push import sweep_push  # noqa: E402
from jobs.sessions import sweep_session_reminders  # noqa: E402
from jobs.space import sweep_checkin_alerts  # noqa: E402
from jobs.sweeps import sweep_outbox, sweep_reminders, sweep_sessions  # noqa: E402

# Sweeps go on "default", which workers take first, so a sweep never waits behind the jobs it enqueued.
cron.register(sweep_reminders, queue_name="default", cron="*/15 * * * *", name="sweep_reminders", job_timeout=900)
cron.register(sweep_outbox, queue_name="default", cron="*/5 * * * *", name="sweep_outbox", job_timeout=600)
# Pushes held by quiet hours go out within five minutes of the morning; lost jobs are found again.
cron.register(sweep_push, queue_name="default", cron="*/5 * * * *", name="sweep_push", job_timeout=600)
cron.register(sweep_checkin_alerts, queue_name="default", cron="7 * * * *", name="sweep_checkin_alerts")
cron.register(sweep_sessions, queue_name="default", cron="17 * * * *", name="sweep_sessions")
# Every 5 minutes, so a 15-minute reminder comes 10 to 15 minutes before the call.
cron.register(sweep_session_reminders, queue_name="default", cron="*/5 * * * *", name="sweep_session_reminders")
cron.register(sweep_event_reminders, queue_name="default", cron="*/5 * * * *", name="sweep_event_reminders")
cron.register(expire_mentor_requests, queue_name="default", cron="30 6 * * *", name="expire_mentor_requests")
# Survey invitations and their one reminder, due by program week or after sessions.
cron.register(sweep_survey_deliveries, queue_name="default", cron="11,26,41,56 * * * *", name="sweep_surveys")
