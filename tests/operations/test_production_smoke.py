"""The production start, as docs/deploy.md describes it: `collectstatic` with DEBUG=0 into a STATIC_ROOT of its
own, gunicorn with deploy/gunicorn.conf.py and the `db_worker` on a free port, against the suite's database
(SQLite or PostgreSQL) with the demo loaded. The demo curator logs in behind a simulated HTTPS proxy, loads
pages and a hashed static file, the worker runs a task, /healthz answers; both stop cleanly on SIGTERM."""

import os
import re
import subprocess
import sys
import time

import requests
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.operations.helpers import BIN, ROOT, free_port, production_env, stop

DEMO_CURATOR = ("curator@demo.nastavnik.ru", "nastavnik-demo")


def _unsecure(session: requests.Session) -> None:
    """The cookies are Secure (production); the proxy's HTTPS is simulated, so send them over plain HTTP."""
    for cookie in session.cookies:
        cookie.secure = False


def test_gunicorn_and_the_worker_serve_the_demo_with_debug_off(reference_data, tmp_path):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    env = production_env(tmp_path)
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = {name: (tmp_path / f"{name}.log").open("w+") for name in ("web", "worker")}
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "nastavnik.wsgi"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
        stdout=logs["web"], stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-reload"],
        cwd=ROOT, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip

    def log(name: str) -> str:
        return (tmp_path / f"{name}.log").read_text()[-3000:]

    try:
        # Ready when /healthz answers (a load balancer's probe: plain HTTP, no Host of the site needed).
        deadline = time.monotonic() + 120
        while True:
            assert web.poll() is None, f"gunicorn exited: {log('web')}"
            try:
                health = requests.get(f"{base}/healthz", timeout=10)
                break
            except (
                requests.ConnectionError,
                requests.Timeout,
            ):  # not listening yet, or workers still booting
                assert time.monotonic() < deadline, f"gunicorn did not answer in time: {log('web')}"
                time.sleep(0.3)
        assert health.status_code == 200 and health.json()["database"] == "ok"

        proxy = {"X-Forwarded-Proto": "https"}
        session = requests.Session()
        session.headers.update(proxy)
        login_page = session.get(f"{base}/accounts/login/", timeout=30)
        assert login_page.status_code == 200, login_page.text[:500]
        _unsecure(session)
        logged_in = session.post(
            f"{base}/accounts/login/",
            data={
                "username": DEMO_CURATOR[0],
                "password": DEMO_CURATOR[1],
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": f"https://127.0.0.1:{port}/accounts/login/"},
            allow_redirects=False,
            timeout=30,
        )
        assert logged_in.status_code == 302, logged_in.text[:500]
        _unsecure(session)
        home = session.get(f"{base}/", timeout=30)
        assert home.status_code == 200
        assert "Выйти" in home.text or "logout" in home.text
        roadmap = re.search(r'href="(/o/sosh5-edissiya/[^"]*roadmap[^"]*)"', home.text)
        assert roadmap, home.text[:2000]
        assert session.get(f"{base}{roadmap.group(1)}", timeout=30).status_code == 200

        # The page links the hashed names of the manifest, and WhiteNoise serves them (DEBUG is off).
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
        assert stylesheet, home.text[:2000]
        css = session.get(f"{base}{stylesheet.group(1)}", timeout=30)
        assert css.status_code == 200 and "max-age" in css.headers.get("Cache-Control", "")

        # The worker runs what the system enqueues.
        enqueued = subprocess.run(
            [sys.executable, "manage.py", "send_reminders"], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        assert enqueued.returncode == 0, enqueued.stderr
        deadline = time.monotonic() + 90
        while DBTaskResult.objects.exclude(status__in=["SUCCESSFUL"]).exists():
            assert worker.poll() is None, f"db_worker exited: {log('worker')}"
            assert time.monotonic() < deadline, f"the worker did not run the task: {log('worker')}"
            time.sleep(0.5)
        assert DBTaskResult.objects.filter(status="SUCCESSFUL").exists()
        assert (
            requests.get(f"{base}/healthz?strict=1", timeout=10).json()["tasks"]["oldest_ready_task_seconds"]
            is None
        )
    finally:
        web_code = stop(web)
        worker_code = stop(worker)
        for stream in logs.values():
            stream.close()
    assert web_code == 0, log("web")
    assert worker_code == 0, log("worker")
