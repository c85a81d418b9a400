"""The one settings module of Наставник, configured from the environment (12-factor).

Every knob an operator may turn is an environment variable read through the small helpers below;
defaults are safe for production except where DEBUG=1 asks for developer comfort.
"""

import os
import sys
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NASTAVNIK_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = envbool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "nastavnik.core",
    "nastavnik.organizations",
    "nastavnik.accounts",
    "nastavnik.audit",
    "nastavnik.methodology",
    "nastavnik.roadmaps",
    "nastavnik.participants",
    "nastavnik.questionnaires",
    # matching before mentoring: the order of their demo extensions (the pairs' work needs the pairing).
    "nastavnik.matching",
    "nastavnik.mentoring",
    "nastavnik.monitoring",
    "nastavnik.dashboard",
    "nastavnik.regions",
    "nastavnik.public",
    "nastavnik.documents",
    "nastavnik.api",
    "ninja",
    "nastavnik.operations",
]

MIDDLEWARE = [
    # /healthz for the load balancer, before the host check and the HTTPS redirect (operations/health.py).
    "nastavnik.operations.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP and no-store on every answer past the static files; NUL out of every input (core/security.py).
    "nastavnik.core.security.HeadersMiddleware",
    "nastavnik.core.security.InputCleaningMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nastavnik.accounts.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # API tokens before tenancy: a token-authenticated request gets its user's scope.
    "nastavnik.api.middleware.ApiTokenMiddleware",
    "nastavnik.core.middleware.TenancyMiddleware",
    "nastavnik.accounts.middleware.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the Russian "locked" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nastavnik.urls"
WSGI_APPLICATION = "nastavnik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "nastavnik" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nastavnik.core.context_processors.navigation",
            ],
        },
    },
]

# Form widgets render through Jinja2 (Django's own widget templates in their Jinja2 version, same HTML): the
# Django template engine made a page's filter form cost more than its table (docs/performance.md).
FORM_RENDERER = "nastavnik.core.renderers.FormRenderer"

# Database: SQLite under var/ by default, PostgreSQL in production (DATABASE_URL=postgres://...).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nastavnik.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two requests from one page at once (an htmx autosave and a click) must both succeed. Every thread of
    # the web server (runserver, gunicorn --threads) and the task worker has its own connection. WAL lets
    # them read while one writes; IMMEDIATE takes the write lock when a transaction begins, so the second
    # writer waits (up to `timeout` seconds) instead of failing with "database is locked" when a DEFERRED
    # transaction, having read a snapshot another writer has since changed, tries to write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests run on a file as well (test_<name> next to it), never on Django's default shared in-memory
    # database: the live server hands that one to all its request threads as a single connection, so two
    # simultaneous requests collide ("cannot start a transaction within a transaction"), a failure that
    # production cannot have and that hides the locking production does have.
    _sqlite_name = str(DATABASES["default"]["NAME"])
    if _sqlite_name and _sqlite_name != ":memory:" and not _sqlite_name.startswith("file:"):
        _sqlite_path = Path(_sqlite_name)
        DATABASES["default"]["TEST"] = {"NAME": str(_sqlite_path.with_name(f"test_{_sqlite_path.name}"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling (django-axes): 5 wrong passwords for one account from one address lock that
# combination for 15 minutes. Locking by address alone would lock out a whole school behind one NAT.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form field keeps Django's name
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = envbool("AXES_ENABLED", True)
# Behind a reverse proxy every request comes from the proxy: set TRUSTED_PROXY_COUNT to the number of proxies
# in front of the application so that limits and the access log see the client's address (X-Forwarded-For).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "nastavnik.accounts.throttle.forwarded_client_ip"

# Password spraying: one address trying many accounts. django-axes counts per account and address;
# this counts failed logins per address alone, with a limit high enough for a school behind one NAT,
# and answers 429 until the window passes. Password reset is limited per address and per e-mail.
LOGIN_IP_FAILURE_LIMIT = envint("LOGIN_IP_FAILURE_LIMIT", 30)
LOGIN_IP_WINDOW_MINUTES = envint("LOGIN_IP_WINDOW_MINUTES", 15)
PASSWORD_RESET_IP_LIMIT = envint("PASSWORD_RESET_IP_LIMIT", 10)
PASSWORD_RESET_EMAIL_LIMIT = envint("PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_WINDOW_MINUTES = envint("PASSWORD_RESET_WINDOW_MINUTES", 60)

# The counters live in the database cache so that every web worker sees the same numbers
# (the table is created by `manage.py createcachetable`, which scripts/run.sh and the test runner call).
CACHES = {
    "default": {
        "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env("CACHE_LOCATION", "nastavnik_cache"),
    }
}

# Two-factor authentication (django-otp, TOTP + recovery codes). Superusers must always enrol; an
# organization may require it of its staff (Organization.require_staff_two_factor).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Наставник")
OTP_RECOVERY_CODES = 10

# Sessions and cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12  # absolute: a login lasts at most 12 hours
# Idle timeouts on top of it: programme staff (administration, curation) and superusers see the whole
# base of children, so their session ends after 30 idle minutes; mentors, mentees, parents and partners
# see only their own things and often read on a phone, so theirs lasts 2 hours.
SESSION_IDLE_TIMEOUT_STAFF = envint("SESSION_IDLE_TIMEOUT_STAFF_MINUTES", 30) * 60
SESSION_IDLE_TIMEOUT_OTHERS = envint("SESSION_IDLE_TIMEOUT_OTHERS_MINUTES", 120) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy of every page: scripts and styles only from our own static files (no inline code;
# htmx is configured by a <meta> and keeps its indicator styles in nastavnik.css); Pico CSS draws its icons
# as data: images. Empty turns the header off.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
)
# The public pages (/p/<slug>/) may be embedded by any site (a school's own) and kept by browsers this long.
PUBLIC_FRAME_ANCESTORS = env("PUBLIC_FRAME_ANCESTORS", "*")
PUBLIC_MAX_AGE = envint("PUBLIC_MAX_AGE", 60)

# Internationalization: Russian by default, English available.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "nastavnik" / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Zip bombs (core/uploads.py): how far a DOCX/XLSX upload may inflate before it is refused unparsed. A roadmap
# is read into memory whole (python-docx); a participants' table is streamed (openpyxl read-only), and a
# 100,000-row list inflates to ~110 MB (bench_participants_import data written by openpyxl).
UPLOAD_MAX_UNZIPPED_MB = envint("UPLOAD_MAX_UNZIPPED_MB", 30)
IMPORT_MAX_UNZIPPED_MB = envint("IMPORT_MAX_UNZIPPED_MB", 200)

# E-mail: console in development, EMAIL_URL (smtp://user:pass@host:port, submission://...) otherwise.
_email = dj_email_url.parse(env("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Наставник <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (django-tasks with its database backend; `manage.py db_worker` runs it).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The access log (nastavnik.audit): reads of personal data are kept this long, then
# `manage.py purge_access_log` (run daily) deletes them.
ACCESS_LOG_RETENTION_DAYS = envint("ACCESS_LOG_RETENTION_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Imports of participants larger than this many bytes are checked and written by the task worker, with their
# progress on the page (participants/import_jobs.py); smaller ones at once (~1,500 CSV rows per 300 KB).
IMPORT_SYNC_MAX_BYTES = envint("IMPORT_SYNC_MAX_BYTES", 300 * 1024)
# Requests per API token (or per session user) — django-ninja throttle rate syntax, e.g. "600/min".
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/min")

# /healthz (operations/health.py): with ?strict=1 it answers 503 when the oldest task ready to run has waited
# for the db_worker longer than this.
HEALTHZ_TASK_BACKLOG_LIMIT_SECONDS = envint("HEALTHZ_TASK_BACKLOG_LIMIT_SECONDS", 600)
# A task running longer than this many minutes is taken for one left by a worker that is gone (kill -9, out of
# memory): `manage.py recover_tasks` marks it failed, and `/healthz?strict=1` counts it as stuck
# (operations/recovery.py). Far above the longest legitimate task (a 100,000-row import: a few minutes).
TASKS_STUCK_AFTER_MINUTES = envint("TASKS_STUCK_AFTER_MINUTES", 180)
