"""Load test: gunicorn (deploy/gunicorn.conf.py, DEBUG=0) on 127.0.0.1 with the demo data, N simulated users
with no think time for a fixed duration — curators browsing the roadmap, the bases, matching and the pairings,
mentees answering a questionnaire by its personal link with autosave.

Run from the repository root::

    DEBUG=1 .venv/bin/python bench/bench_load.py [--database-url sqlite|postgres://postgres@127.0.0.1:5432/x]
        [--users 50] [--mentees 20] [--duration 60] [--workers N] [--worker-class sync|gthread] [--threads 1]
        [--kill-worker-at SECONDS] [--reload-at SECONDS] [--fresh]

The database is its own (``var/bench_load.sqlite3`` or the PostgreSQL database ``bench_load``): created,
migrated and filled with the demo (``load_demo``) plus one questionnaire link per demo mentee on the first run,
reused afterwards (``--fresh`` starts over). Static files are collected into ``var/bench_load_static``.
Every simulated user logs in once before the clock starts (a curator through the login form; a mentee needs no
account). Requests go through a simulated HTTPS proxy (``X-Forwarded-Proto: https``), as behind nginx.

Prints requests per second, and per page the count, p50/p95/p99 in ms and the errors (a status other than 200
or 302, or a failed connection). ``--kill-worker-at S`` kill -9's one gunicorn worker S seconds in (the
requests it held fail; the master starts a new worker); ``--reload-at S`` sends HUP to the master (a graceful
reload as on a deploy: no request may fail). The exit status is 1 when a request failed without a fault
asked for.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_DB = "bench_load"
SQLITE_FILE = ROOT / "var" / "bench_load.sqlite3"
STATIC = ROOT / "var" / "bench_load_static"
CURATOR = ("curator@demo.nastavnik.ru", "nastavnik-demo")
SCHOOL = "sosh5-edissiya"
SECRET = "bench-load-" + "k9#Qz!" * 10
PROXY = {"X-Forwarded-Proto": "https"}


def _database(url: str | None, fresh: bool) -> str:
    if url and url.startswith("postgres"):
        import psycopg

        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone()
            if fresh and exists:
                conn.execute(f"DROP DATABASE {PG_DB} WITH (FORCE)")
            if fresh or not exists:
                conn.execute(f"CREATE DATABASE {PG_DB}")
        return url.rsplit("/", 1)[0] + f"/{PG_DB}"
    SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{SQLITE_FILE}"


def _server_env(
    database_url: str, workers: int | None, worker_class: str, threads: int, port: int
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(STATIC),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKER_CLASS=worker_class,
        GUNICORN_THREADS=str(threads),
        GUNICORN_ACCESS_LOG="",
    )
    if workers is not None:
        env["WEB_CONCURRENCY"] = str(workers)
    else:
        env.pop("WEB_CONCURRENCY", None)  # the configuration's default: 2 x cores + 1
    return env


def _prepare(database_url: str) -> list[str]:
    """Migrate, load the demo once, give every demo mentee a questionnaire link; the open links' tokens."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from nastavnik.participants.models import Participant
    from nastavnik.questionnaires import services
    from nastavnik.questionnaires.models import Invitation, Questionnaire

    call_command("migrate", "--noinput", verbosity=0)
    with scopes_disabled():
        if not Participant.objects.filter(organization__slug=SCHOOL).exists():
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        questionnaire = Questionnaire.objects.get(organization__slug=SCHOOL, source_template__code="mentee")
        services.send_to_base(
            questionnaire,
            Participant.objects.filter(organization__slug=SCHOOL, mentee_profile__isnull=False),
            acting_user=None,
            send_email=False,
        )
        invitations = Invitation.objects.filter(questionnaire=questionnaire, submitted_at__isnull=True)
        return [i.token for i in invitations if i.is_usable]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []
        self.measuring = False

    def call(
        self, session: requests.Session, label: str, method: str, url: str, **kwargs
    ) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = session.request(method, url, timeout=120, allow_redirects=False, **kwargs)
            ok = response.status_code in (200, 302)
            why = f"{response.status_code}"
        except requests.RequestException as error:
            response, ok, why = None, False, type(error).__name__
        elapsed = time.perf_counter() - start
        if self.measuring:
            with self.lock:
                self.times[label].append(elapsed)
                if not ok:
                    self.errors[label] += 1
                    if len(self.samples) < 10:
                        self.samples.append(f"{label} {url} -> {why}")
        for cookie in session.cookies:  # Secure cookies back over the simulated proxy's plain HTTP
            cookie.secure = False
        return response


def _curator(base: str, recorder: Recorder, stop: threading.Event, ready: threading.Barrier) -> None:
    session = requests.Session()
    session.headers.update(PROXY)
    recorder.call(session, "login form", "GET", f"{base}/accounts/login/")
    recorder.call(
        session, "login", "POST", f"{base}/accounts/login/",
        data={"username": CURATOR[0], "password": CURATOR[1], "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        headers={"Referer": f"https://{base.split('://', 1)[1]}/accounts/login/"},
    )  # fmt: skip
    org = f"{base}/o/{SCHOOL}"
    pages = [
        ("roadmap", f"{org}/roadmap/"),
        ("mentees", f"{org}/mentees/"),
        ("mentors", f"{org}/mentors/"),
        ("matching", f"{org}/matching/"),
        ("pairings", f"{org}/pairings/"),
    ]
    ready.wait()
    while not stop.is_set():
        for label, url in pages:
            if stop.is_set():
                break
            recorder.call(session, label, "GET", url)


FIELDSET = re.compile(r'<fieldset id="question-\d+".*?</fieldset>', re.S)
HX_POST = re.compile(r'hx-post="([^"]+)"')
TEXT = re.compile(r'<(?:input type="text"|textarea) name="([^"]+)"')
CHOICE = re.compile(r'<input type="(?:radio|checkbox)" name="([^"]+)" value="([^"]*)"')


def _mentee(
    base: str, token: str, recorder: Recorder, stop: threading.Event, ready: threading.Barrier
) -> None:
    session = requests.Session()
    session.headers.update(PROXY)
    page_url = f"{base}/q/{token}/"
    referer = {"Referer": f"https://{base.split('://', 1)[1]}/q/{token}/"}
    ready.wait()
    n = 0
    while not stop.is_set():
        page = recorder.call(session, "questionnaire", "GET", page_url)
        if page is None or page.status_code != 200:
            time.sleep(0.2)
            continue
        answers = []
        for block in FIELDSET.findall(page.text):
            target = HX_POST.search(block)
            if not target:
                continue
            text, choice = TEXT.search(block), CHOICE.search(block)
            if text:
                answers.append(
                    (target.group(1), {text.group(1): f"Ответ номер {n}: хочу разобраться с темой"})
                )
            elif choice:
                answers.append((target.group(1), {choice.group(1): choice.group(2)}))
        for url, data in answers[:6]:
            if stop.is_set():
                break
            n += 1
            headers = {**referer, "X-CSRFToken": session.cookies.get("csrftoken", ""), "HX-Request": "true"}
            recorder.call(
                session, "autosave", "POST", f"{base}{url.replace('&amp;', '&')}", data=data, headers=headers
            )


def _server_cpu(master: int) -> dict[int, float]:
    """CPU seconds (user + system) used so far by the gunicorn master and each of its workers, by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [master, *map(int, Path(f"/proc/{master}/task/{master}/children").read_text().split())]
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=None, help="sqlite (default) or postgres://.../any (bench_load is used)"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--mentees", type=int, default=20, help="how many of the users are mentees")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=None, help="default: deploy/gunicorn.conf.py's")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread only)")
    parser.add_argument("--kill-worker-at", type=float, default=None)
    parser.add_argument("--reload-at", type=float, default=None)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()

    database_url = _database(args.database_url, args.fresh)
    setup_started = time.monotonic()
    tokens = _prepare(database_url)
    n_mentees = min(args.mentees, args.users)
    if len(tokens) < n_mentees:
        print(f"only {len(tokens)} open questionnaire links: {len(tokens)} mentees")
        n_mentees = len(tokens)
    port = _free_port()
    env = _server_env(database_url, args.workers, args.worker_class, args.threads, port)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    print(
        f"prepared in {time.monotonic() - setup_started:.0f} s: {database_url.split('://')[0]}, {len(tokens)} links"
    )
    log = (ROOT / "var" / "bench_load_gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "nastavnik.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    recorder = Recorder()
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start: see var/bench_load_gunicorn.log")
            time.sleep(0.3)
        ready = threading.Barrier(args.users + 1)
        threads = [
            threading.Thread(target=_mentee, args=(base, tokens[i], recorder, stop, ready), daemon=True)
            for i in range(n_mentees)
        ] + [
            threading.Thread(target=_curator, args=(base, recorder, stop, ready), daemon=True)
            for _ in range(args.users - n_mentees)
        ]
        for thread in threads:
            thread.start()
        ready.wait()  # every curator has logged in
        cpu_before = _server_cpu(server.pid)
        recorder.measuring = True
        started = time.monotonic()
        faults: list[str] = []
        while (elapsed := time.monotonic() - started) < args.duration:
            if args.kill_worker_at is not None and elapsed >= args.kill_worker_at and not faults:
                children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
                os.kill(int(children[0]), signal.SIGKILL)
                faults.append(f"kill -9 of worker {children[0]} at {elapsed:.1f} s")
            if args.reload_at is not None and elapsed >= args.reload_at and not faults:
                os.kill(server.pid, signal.SIGHUP)
                faults.append(f"HUP (graceful reload) at {elapsed:.1f} s")
            time.sleep(0.05)
        recorder.measuring = False
        wall = time.monotonic() - started
        cpu_after = _server_cpu(server.pid)
        # Workers that died (kill -9) or were replaced are missing at the end: their share is not counted.
        server_cpu = sum(cpu_after[pid] - cpu_before.get(pid, 0.0) for pid in cpu_after)
        load = os.getloadavg()[0]
        stop.set()
        for thread in threads:
            thread.join(timeout=130)
    finally:
        stop.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        log.close()

    total = sum(len(v) for v in recorder.times.values())
    errors = sum(recorder.errors.values())
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"{engine}: {args.users} users ({args.users - n_mentees} curators, {n_mentees} mentees), {wall:.0f} s, "
        f"gunicorn {args.workers or 2 * (os.cpu_count() or 1) + 1} {args.worker_class} workers"
        f"{f' x {args.threads} threads' if args.worker_class == 'gthread' else ''}, {os.cpu_count()} cores"
    )
    for fault in faults:
        print(f"fault: {fault}")
    print(f"{total} requests, {total / wall:.1f} req/s, {errors} errors")
    print(
        f"server CPU {server_cpu:.1f} s = {server_cpu / max(total, 1) * 1000:.0f} ms per request "
        f"(capacity ≈ {os.cpu_count() or 1} cores / that = {(os.cpu_count() or 1) * max(total, 1) / max(server_cpu, 0.001):.0f} req/s "
        f"if the machine were ours); load average {load:.1f}"
    )
    print(f"{'page':<15}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label in sorted(recorder.times):
        values = recorder.times[label]
        print(
            f"{label:<15}{len(values):>7}{statistics.median(values) * 1000:>9.0f}"
            f"{_percentile(values, 95) * 1000:>9.0f}{_percentile(values, 99) * 1000:>9.0f}{recorder.errors[label]:>8}"
        )
    for sample in recorder.samples:
        print(f"  error: {sample}")
    return 1 if errors and args.kill_worker_at is None else 0


if __name__ == "__main__":
    sys.exit(main())
