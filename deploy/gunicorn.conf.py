"""gunicorn's configuration for Наставник (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py nastavnik.wsgi`.

Every value can be changed through the environment, so the systemd unit and the smoke test use this very file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# sync workers, 2 × cores + 1 processes: each worker holds exactly one request, so a worker that dies
# (kill -9, the OOM killer, a segfault in a C library) loses that one request and nothing else. With gthread a
# worker also holds its threads' requests and every keep-alive connection it accepted: kill -9 of one lost 8–10
# requests in the load test (docs/deploy.md, "Faults"). nginx in front buffers slow clients, so a sync worker is
# never tied up by a slow phone; the pages are CPU-bound (docs/scaling.md), so threads bought no throughput on
# 2 cores. GUNICORN_WORKER_CLASS=gthread with GUNICORN_THREADS=N brings the threads back where memory is short.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1" if worker_class == "sync" else "4"))
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
