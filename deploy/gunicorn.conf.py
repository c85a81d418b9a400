"""gunicorn's configuration for Наставник (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py nastavnik.wsgi`.

Every value can be changed through the environment, so the systemd unit and the smoke test use this very file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gthread: a few processes with threads each. A page spends much of its time waiting for the database, and
# threads share one process's memory (the matching vocabulary, the templates); SQLite is fine with it (WAL,
# IMMEDIATE transactions, settings.py). Processes: about one per core (2 × cores + 1 is for sync workers).
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request slower than this is killed (a large import runs in the task worker, not in a request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On HUP, USR2 or TERM a worker stops accepting, finishes the requests it holds for up to this long, then exits.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced (gracefully) after this many requests: a slow leak cannot grow without end.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# nginx on the same machine sets X-Forwarded-For/-Proto; Django reads them (TRUSTED_PROXY_COUNT,
# SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# Not preloaded: on HUP the new workers import the new code (a deploy without a restart of the master).
preload_app = False
# The control socket (gunicornc) is off: HUP/USR2/TERM do everything a deploy needs.
control_socket_disable = True
