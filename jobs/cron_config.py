"""`rq cron jobs/cron_config.py`: the schedules (UTC). Run exactly one rq cron process:
the cron scheduler takes no lock, so two would enqueue every sweep twice (the job ids and
the database's unique keys would still keep mail single, but the work would double)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rq import cron  # noqa: E402

from jobs.programs import expire_mentor_requests  # noqa: E402
from jobs.sweeps import sweep_outbox, sweep_sessions  # noqa: E402

cron.register(sweep_outbox, queue_name="mail", cron="*/5 * * * *", name="sweep_outbox")
cron.register(sweep_sessions, queue_name="default", cron="17 * * * *", name="sweep_sessions")
cron.register(expire_mentor_requests, queue_name="default", cron="30 6 * * *", name="expire_mentor_requests")
from jobs.space import sweep_checkin_alerts  # noqa: E402
from jobs.sweeps import sweep_outbox  # noqa: E402

cron.register(sweep_outbox, queue_name="mail", cron="*/5 * * * *", name="sweep_outbox")
cron.register(sweep_checkin_alerts, queue_name="default", cron="17 * * * *", name="sweep_checkin_alerts")
