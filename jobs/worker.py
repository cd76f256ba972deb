"""`rq worker -w jobs.worker.AppWorker --with-scheduler ...`: RQ's forking worker, with the app built once.

RQ forks a work horse per job. Without this class each horse would build the Flask app
from scratch (~0.4 s) because the parent never imported it. Here the parent builds it once
before working (no app context is pushed: each job opens its own, see jobs/context.py) and
every horse inherits it. After the fork the horse drops the database connections it
inherited, so parent and child never share a socket.
"""

from rq.worker import Worker

from . import context


class AppWorker(Worker):
    """A forking RQ worker whose work horses inherit a ready-made app."""

    def work(self, *args, **kwargs):
        context.preload_app()
        return super().work(*args, **kwargs)

    def main_work_horse(self, job, queue):
        context.after_fork()
        return super().main_work_horse(job, queue)
