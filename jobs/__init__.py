"""RQ jobs: thin functions that take ids, open an app context per job and call a service."""
