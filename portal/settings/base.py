"""Settings shared by every environment; values come from the environment via django-environ."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")

INSTALLED_APPS = [
    "portal.admin_site.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_countries",
    # Project apps, lowest layer first (see docs/architecture.md).
    "portal",
    "accounts",
    "privacy",
    "notifications",
    "decisions",
    "premises",
    "applications",
    "evaluations",
    "tenants",
    "exemptions",
    "billing",
    "receipts",
    "taxinvoices",
    "helpdesk",
    "outreach",
    "messaging",
    "compute",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body: a request over PORTAL_MAX_REQUEST_BYTES answers 413 unread.
    "portal.middleware.RequestSizeLimitMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "accounts.middleware.PermissionDeniedLogMiddleware",
    "accounts.middleware.LoginThrottledMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:port/name). Environment modules set the default.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
# A persistent connection broken while the database was away is replaced on the next request.
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)


def postgres_options() -> dict:
    """Timeouts of every PostgreSQL connection, so that no request or task waits on the database for
    long (README.md, "Configuration"; docs/operations.md):

    - connect_timeout: an unreachable database answers the 503 page within seconds;
    - statement_timeout: a statement blocked (a lock, an overloaded server) is cancelled and the request
      answers the 503 page; 0 turns it off (the release's migrations run without it);
    - idle_in_transaction_session_timeout: a transaction left open by a stuck process frees its locks;
    - TCP keepalives and tcp_user_timeout: a connection whose peer vanished (a network partition, a
      failed-over server) is noticed and dropped instead of waiting for the kernel's two hours.
    """
    statement = env.int("DATABASE_STATEMENT_TIMEOUT", default=30)
    idle = env.int("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", default=60)
    return {
        "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=5),
        "options": f"-c statement_timeout={statement}s -c idle_in_transaction_session_timeout={idle}s",
        "keepalives": 1,
        "keepalives_idle": env.int("DATABASE_KEEPALIVES_IDLE", default=30),
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": env.int("DATABASE_TCP_USER_TIMEOUT", default=30) * 1000,
    }


def postgres_options_apply(database: dict) -> None:
    """Add the timeouts to a PostgreSQL database's OPTIONS (those given in DATABASE_URL win)."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        for key, value in postgres_options().items():
            options.setdefault(key, value)


postgres_options_apply(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
# Where each role lands after logging in (accounts.roles.role_home_url); LOGIN_REDIRECT_URL for the rest.
PORTAL_ROLE_HOME = {
    "district_staff": "admin:index",
    "evaluator": "evaluations:home",
    "tenant_member": "tenants:mine",
    "applicant": "applications:dashboard",
}
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's minimum (accounts/hashers.py, docs/security.md "Passwords"). The hashers after it
# still verify older hashes, which are rewritten with the first one at the user's next login.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # seconds: reset and e-mail verification links expire in a day

# Security headers (see docs/security.md). Production adds HTTPS-only cookies, HSTS and the redirect.
# The content security policy allows no inline script: page scripts live in static/js/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # One style attribute of django-simple-history's admin history page ("border-top: 0"), by its hash.
        "style-src-attr": ["'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

# Internationalisation: Korean first, English complete; Korea time.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
# Like the session and CSRF cookies: not sent on cross-site requests, and no script reads it.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Seoul"
# Django's DATE_FORMAT and friends (the admin's lists, `|date` without a format) follow portal/formatting.py.
FORMAT_MODULE_PATH = ["portal.locale_formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]

# Files: uploaded documents go to a private storage that no URL serves directly; views check
# permissions and stream them. PRIVATE_STORAGE_BACKEND switches to an S3-compatible store
# (django-storages) in production without code changes.
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
STORAGES = {
    # Company logos. MEDIA_STORAGE_BACKEND / MEDIA_STORAGE_OPTIONS (JSON) move them to object storage too,
    # which several web nodes need (docs/operations.md, "Running on several nodes").
    "default": {
        "BACKEND": env("MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    "private": {
        "BACKEND": env("PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json(
            "PRIVATE_STORAGE_OPTIONS",
            default={"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        ),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
# The largest request body accepted (bytes): the largest upload of one request with a margin. A
# document type holds up to 20 MB by default, an exemption request a few 10 MB files. A larger body
# answers 413 before it is read (portal.middleware.RequestSizeLimitMiddleware).
PORTAL_MAX_REQUEST_BYTES = env.int("PORTAL_MAX_REQUEST_BYTES", default=64 * 1024 * 1024)
# At most this many files in one request (a larger upload answers 400 before any file is read).
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=20)
# ZIP-based uploads (HWPX) are refused as possible zip bombs beyond these bounds, read from the archive's
# directory without unpacking it (portal/uploads.py): entries, unpacked bytes, unpacked size / file size.
PORTAL_ARCHIVE_MAX_ENTRIES = env.int("PORTAL_ARCHIVE_MAX_ENTRIES", default=1000)
PORTAL_ARCHIVE_MAX_UNCOMPRESSED_BYTES = env.int("PORTAL_ARCHIVE_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
PORTAL_ARCHIVE_MAX_RATIO = env.int("PORTAL_ARCHIVE_MAX_RATIO", default=100)
# `seed_demo` may run (its accounts, a superuser among them, share a published password); never in production.
PORTAL_DEMO_DATA_ALLOWED = env.bool("PORTAL_DEMO_DATA_ALLOWED", default=True)
# Optional virus scan of uploads (portal/uploads.py): clamd's socket path, or host:port. Empty = no scan.
CLAMAV_SOCKET = env("CLAMAV_SOCKET", default="")
CLAMAV_TIMEOUT = env.float("CLAMAV_TIMEOUT", default=30.0)

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="서초AICT 우수기업센터 <noreply@yangjae-ai.seoul.kr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cache: Redis when REDIS_URL is set, else local memory (rate limits and health use it).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A Redis that is out or hung never fails a request (portal/cache.py): seconds to wait for a connection
# and for a reply, and seconds the process then uses its own memory before trying Redis again.
REDIS_SOCKET_CONNECT_TIMEOUT = env.float("REDIS_SOCKET_CONNECT_TIMEOUT", default=0.25)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
REDIS_RETRY_AFTER = env.float("REDIS_RETRY_AFTER", default=10)

# Celery (prefix CELERY_ in settings; see portal/celery_app.py)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# The hard limit stays below the broker's visibility_timeout (below), so that a task still running is never
# delivered to a second worker.
CELERY_TASK_TIME_LIMIT = 270
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process whose resident memory has grown past this many KiB after a task is replaced by a fresh one
# (Celery's worker_max_memory_per_child): the PDF engine's caches and the allocator's arenas grow with the
# documents a process renders. 0 turns it off.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=170_000) or None
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="portal")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes the database connections around every task unless this is set; with it
# set, a worker process closes them after this many tasks, and in between portal/celery_app.py applies
# Django's own rule (CONN_MAX_AGE, CONN_HEALTH_CHECKS) before each task.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# visibility_timeout: seconds after which a message taken by a worker that died unacknowledged (SIGKILL, a
# lost machine: nothing rejects it) is delivered again (acks_late); longer than any task may run
# (CELERY_TASK_TIME_LIMIT), and short enough that a billing run cut by a lost worker completes within five
# minutes (docs/operations.md, "Running on several nodes": measured against an hour). Every live worker
# looks for such messages every unacked_restore_interval seconds (throttle 1: each time, not every tenth).
# A retry waiting for its countdown longer than this is delivered a second time; the tasks' own checks
# (row locks, "already sent") make the second one do nothing. CELERY_BROKER_TRANSPORT_OPTIONS (JSON)
# overrides or adds kombu's Redis options, e.g. {"visibility_timeout": 5, "unacked_restore_interval": 1}
# in the worker drills.
# A request never waits long on a dead broker (portal/queue.py sends without retrying and, after one
# failure, leaves the rest of the request's tasks to the sweep): one connection attempt of at most
# socket_connect_timeout, a command that gets no answer within socket_timeout, and max_retries 0 so
# that opening a producer's channel does not retry (kombu would otherwise try for
# CELERY_BROKER_CONNECTION_TIMEOUT with growing pauses). The worker's own reconnection loop is not
# affected (it passes its own limits).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 5 * 60,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "max_retries": 0,
    **env.json("CELERY_BROKER_TRANSPORT_OPTIONS", default={}),
}
# Publishing outside the outbox (beat, a task's own retry) tries again briefly.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# django-celery-beat's scheduler behind a lock in the broker's Redis (portal/beat.py): a second beat started
# by mistake stands by and takes over PORTAL_BEAT_LOCK_SECONDS after the first one dies. The holder writes
# each task's last run after sending it, so the one taking over does not send it again.
CELERY_BEAT_SCHEDULER = "portal.beat.SingleBeatScheduler"
CELERY_BEAT_SYNC_EVERY = 1
PORTAL_BEAT_LOCK_SECONDS = env.int("PORTAL_BEAT_LOCK_SECONDS", default=30)
# Every periodic task of the portal, declared in one place.
CELERY_BEAT_SCHEDULE = {
    "portal-pending-tasks-send": {
        "task": "portal.tasks.pending_tasks_send_task",
        "schedule": crontab(minute="*/2"),
    },
    "messaging-results": {
        "task": "messaging.tasks.delivery_results_check_task",
        "schedule": crontab(minute="*"),
    },
    "messaging-release-advertising": {
        "task": "messaging.tasks.deliveries_release_task",
        "schedule": crontab(minute="*"),  # advertising held overnight leaves from 08:00 Korea time
    },
    "tenants-relocation-reminders": {
        "task": "tenants.tasks.lease_relocation_reminders_send_task",
        "schedule": crontab(hour=9, minute=0),
    },
    "exemptions-revoke-ended-leases": {
        "task": "exemptions.tasks.document_revoke_ended_leases_task",
        "schedule": crontab(hour=1, minute=30),
    },
    "exemptions-stay-reminders": {
        "task": "exemptions.tasks.stay_reminders_send_task",
        "schedule": crontab(hour=9, minute=10),
    },
    "exemptions-due-reminders": {
        "task": "exemptions.tasks.request_due_reminders_send_task",
        "schedule": crontab(hour=8, minute=40),
    },
    "billing-monthly-run": {
        "task": "billing.tasks.billing_run_monthly_task",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),  # Asia/Seoul (CELERY_TIMEZONE)
    },
    "billing-late-charges": {
        "task": "billing.tasks.late_charges_accrue_task",
        "schedule": crontab(hour=0, minute=30),  # Asia/Seoul: before the month's run at 06:00
    },
    "receipts-bank-fetch": {
        "task": "receipts.tasks.bank_transactions_fetch_task",
        "schedule": crontab(minute=15),  # hourly; each fetch reads the last RECEIPTS_POPBILL_DAYS days
    },
    "receipts-virtual-accounts": {
        "task": "receipts.tasks.virtual_accounts_upkeep_task",
        "schedule": crontab(hour=5, minute=30),
    },
    "billing-reminders": {
        "task": "billing.tasks.invoice_reminders_send_task",
        "schedule": crontab(hour=9, minute=30),
    },
    "tenants-business-status": {
        "task": "tenants.tasks.companies_business_check_task",
        "schedule": crontab(day_of_month=2, hour=7, minute=0),
    },
    "tenants-offers-lapse": {
        "task": "tenants.tasks.offer_lapse_overdue_task",
        "schedule": crontab(minute="*/15"),
    },
    # Reminders (outreach/reminders.py), each sent once; the evaluators' often, so an assignment is told soon.
    "outreach-draft-reminders": {
        "task": "outreach.tasks.reminders_send_task",
        "schedule": crontab(hour=10, minute=0),
        "kwargs": {"kind": "application_draft"},
    },
    "outreach-evaluator-reminders": {
        "task": "outreach.tasks.reminders_send_task",
        "schedule": crontab(minute="*/15"),
        "kwargs": {"kind": "evaluator"},
    },
    "outreach-indicator-reminders": {
        "task": "outreach.tasks.reminders_send_task",
        "schedule": crontab(hour=9, minute=20),
        "kwargs": {"kind": "indicator_report"},
    },
    # GPU allocations (compute/services.py): end those past their term, then remind of nearly used or unused months.
    "compute-allocations-daily": {
        "task": "compute.tasks.allocations_daily_task",
        "schedule": crontab(hour=9, minute=40),
    },
    # The retention schedule (privacy/retention.py): every rule's destruction, the access log's included.
    "privacy-retention-run": {
        "task": "privacy.tasks.retention_run_task",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Messages map onto Bootstrap alert classes.
from django.contrib.messages import constants as message_constants  # noqa: E402

MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# How long the admin's navigation sidebar is kept per user, language and model (portal/admin_site.py).
PORTAL_ADMIN_NAV_CACHE_SECONDS = env.int("PORTAL_ADMIN_NAV_CACHE_SECONDS", default=300)

# Portal settings editable per environment (figures staff edit live in the admin instead).
# The center's one name on pages, e-mails, PDFs and text messages (its official name at opening).
PORTAL_CENTER_NAME_KO = env("PORTAL_CENTER_NAME_KO", default="서초AICT 우수기업센터")
PORTAL_CENTER_NAME_EN = env("PORTAL_CENTER_NAME_EN", default="Seocho AICT Excellent Company Center")
# Fonts embedded in generated PDFs (installed from the npm registry by the setup).
PORTAL_PDF_FONT_DIRS = [
    BASE_DIR / "node_modules" / "@expo-google-fonts" / "noto-sans-kr" / "400Regular",
    BASE_DIR / "node_modules" / "@expo-google-fonts" / "noto-sans-kr" / "700Bold",
]
# Days after the decision before the documents of an unsuccessful application are destroyed.
APPLICATIONS_DOCUMENT_RETENTION_DAYS = env.int("APPLICATIONS_DOCUMENT_RETENTION_DAYS", default=365)
# Health (portal/health.py): seconds the readiness check waits for the database; seconds the detail
# waits for workers to answer; the token (header X-Health-Token) that shows the detail to a monitor.
PORTAL_HEALTH_DATABASE_TIMEOUT = env.float("PORTAL_HEALTH_DATABASE_TIMEOUT", default=1.0)
PORTAL_HEALTH_CELERY_TIMEOUT = env.float("PORTAL_HEALTH_CELERY_TIMEOUT", default=1.0)
PORTAL_HEALTH_TOKEN = env("PORTAL_HEALTH_TOKEN", default="")
# The outbox sweep (portal/queue.py): a queued task not done this many seconds after it was recorded
# (or last sent by the sweep) is sent again, at most PORTAL_TASK_MAX_ATTEMPTS times, at most
# PORTAL_TASK_SWEEP_BATCH per run; done records are deleted after PORTAL_TASK_DONE_RETENTION_DAYS.
PORTAL_TASK_SWEEP_AFTER_SECONDS = env.int("PORTAL_TASK_SWEEP_AFTER_SECONDS", default=10 * 60)
PORTAL_TASK_SWEEP_BATCH = env.int("PORTAL_TASK_SWEEP_BATCH", default=2000)
PORTAL_TASK_MAX_ATTEMPTS = env.int("PORTAL_TASK_MAX_ATTEMPTS", default=10)
PORTAL_TASK_DONE_RETENTION_DAYS = env.int("PORTAL_TASK_DONE_RETENTION_DAYS", default=30)
TENANTS_INVITATION_DAYS = env.int("TENANTS_INVITATION_DAYS", default=7)
# How long the link of an invitation to work on an application (a co-applicant) stays valid.
APPLICATION_INVITATION_DAYS = env.int("APPLICATION_INVITATION_DAYS", default=7)
# A renewal can be requested in the last days of a lease (about six months).
TENANTS_RENEWAL_WINDOW_DAYS = env.int("TENANTS_RENEWAL_WINDOW_DAYS", default=180)
# Reminders of the head-office relocation deadline, in days before it (each sent once).
TENANTS_RELOCATION_REMINDER_DAYS = env.list("TENANTS_RELOCATION_REMINDER_DAYS", cast=int, default=[14, 7, 1])
# How long an applicant has to accept or decline the offer of a unit.
TENANTS_OFFER_RESPONSE_DAYS = env.int("TENANTS_OFFER_RESPONSE_DAYS", default=7)

# Outreach (docs/outreach.md): reminders to applicants with an unsubmitted draft, in days before the call
# closes; to evaluators with unsubmitted scorecards, in days before their stage's scoring deadline; to tenants
# whose half-yearly indicator report is missing, this many days after its due date (besides on the day).
OUTREACH_DRAFT_REMINDER_DAYS = env.list("OUTREACH_DRAFT_REMINDER_DAYS", cast=int, default=[7, 1])
OUTREACH_SCORING_REMINDER_DAYS = env.list("OUTREACH_SCORING_REMINDER_DAYS", cast=int, default=[3, 1])
OUTREACH_INDICATOR_OVERDUE_DAYS = env.int("OUTREACH_INDICATOR_OVERDUE_DAYS", default=7)
# Recipients of a group message given their copy per transaction by the delivery task.
OUTREACH_DELIVERY_BATCH = env.int("OUTREACH_DELIVERY_BATCH", default=200)

# GPU support (docs/compute.md): an allocation's grantee is reminded, once each, when a month's usage reaches
# this share (%) of its GPU-hours, and when this many whole months of the term in a row ended without usage.
# The personal data of allocations (who reported, adjusted, imported) is kept this many days after the term.
COMPUTE_NEARLY_USED_PERCENT = env.int("COMPUTE_NEARLY_USED_PERCENT", default=90)
COMPUTE_UNUSED_MONTHS = env.int("COMPUTE_UNUSED_MONTHS", default=1)
PRIVACY_COMPUTE_RETENTION_DAYS = env.int("PRIVACY_COMPUTE_RETENTION_DAYS", default=5 * 365)

# Exemptions: Fernet key(s) that encrypt passport and alien registration numbers at rest. Several keys
# separated by commas rotate them: the first encrypts, all decrypt. Required in production.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default="")
# Days after a request is decided before its passport and registration numbers and uploaded contract are deleted.
EXEMPTIONS_SENSITIVE_RETENTION_DAYS = env.int("EXEMPTIONS_SENSITIVE_RETENTION_DAYS", default=365)
# Files that came with a request form refused for another reason, kept for the user to claim (days).
EXEMPTIONS_KEPT_UPLOAD_RETENTION_DAYS = env.int("EXEMPTIONS_KEPT_UPLOAD_RETENTION_DAYS", default=1)
# Reminders before a foreign employee's permitted stay ends, in days (each sent once).
# The access log (privacy/access_log.py): rows are kept this many days (two years), then deleted.
PRIVACY_ACCESS_LOG_RETENTION_DAYS = env.int("PRIVACY_ACCESS_LOG_RETENTION_DAYS", default=730)
# The monthly review flags an account that read more distinct people's or companies' data than this in a day.
PRIVACY_ACCESS_LOG_DAILY_SUBJECTS_ALERT = env.int("PRIVACY_ACCESS_LOG_DAILY_SUBJECTS_ALERT", default=50)
# A reason typed before a download or export is remembered this many seconds for the same kind of file.
PRIVACY_ACCESS_REASON_SECONDS = env.int("PRIVACY_ACCESS_REASON_SECONDS", default=30 * 60)
# Called around every registered export (portal/exports.py): asks for the reason and logs the export.
PORTAL_EXPORT_GUARD = "privacy.access_reason.export_guard"
# The shared cache of the public pages' content (applications/public_cache.py), used by privacy's policy pages,
# which sit below applications.
PORTAL_PUBLIC_PART_CACHE = "applications.public_cache.cached_public_part"
# Days a consent link e-mailed to the employee works (a newer link replaces it earlier).
EXEMPTIONS_CONSENT_LINK_DAYS = env.int("EXEMPTIONS_CONSENT_LINK_DAYS", default=7)
EXEMPTIONS_STAY_REMINDER_DAYS = env.list("EXEMPTIONS_STAY_REMINDER_DAYS", cast=int, default=[60, 30])
# Requests as 민원: staff are reminded this many working days before a request's due date; an
# extension (once, with reasons) adds at most this many working days.
EXEMPTIONS_DUE_REMINDER_WORKING_DAYS = env.int("EXEMPTIONS_DUE_REMINDER_WORKING_DAYS", default=2)
EXEMPTIONS_MAX_EXTENSION_DAYS = env.int("EXEMPTIONS_MAX_EXTENSION_DAYS", default=10)
# Receipt numbers of requests (접수번호): PREFIX-YYYY-NNNN, one series a year.
EXEMPTIONS_RECEIPT_NUMBER_PREFIX = env("EXEMPTIONS_RECEIPT_NUMBER_PREFIX", default="E")
EXEMPTIONS_ISSUING_OFFICE_KO = env("EXEMPTIONS_ISSUING_OFFICE_KO", default="서울특별시 서초구청 양재AI특구추진단")
EXEMPTIONS_ISSUING_OFFICE_EN = env(
    "EXEMPTIONS_ISSUING_OFFICE_EN", default="Seocho-gu Office, Yangjae AI Special Zone Team, Seoul"
)

# Privacy (privacy/registry.py, docs/privacy.md). Retention periods in days (0: as long as the account
# exists); the district confirms each. The recipients and processors named in the privacy policy.
PRIVACY_ACCOUNT_RETENTION_DAYS = env.int("PRIVACY_ACCOUNT_RETENTION_DAYS", default=0)
PRIVACY_SECURITY_LOG_RETENTION_DAYS = env.int("PRIVACY_SECURITY_LOG_RETENTION_DAYS", default=2 * 365)
PRIVACY_APPLICATION_RETENTION_DAYS = env.int("PRIVACY_APPLICATION_RETENTION_DAYS", default=5 * 365)
PRIVACY_NOTIFICATION_RETENTION_DAYS = env.int("PRIVACY_NOTIFICATION_RETENTION_DAYS", default=365)
PRIVACY_TENANT_RETENTION_DAYS = env.int("PRIVACY_TENANT_RETENTION_DAYS", default=5 * 365)
PRIVACY_BOOKING_RETENTION_DAYS = env.int("PRIVACY_BOOKING_RETENTION_DAYS", default=365)
PRIVACY_BILLING_RETENTION_DAYS = env.int("PRIVACY_BILLING_RETENTION_DAYS", default=5 * 365)
# Deemed rent on deposits: the NTS interest rate (% a year) when staff have recorded none for the quarter
# (billing.DeemedRentRate in the admin). Confirm against 부가가치세법 시행규칙 §47 (docs/billing.md).
BILLING_DEEMED_RENT_RATE = env.str("BILLING_DEEMED_RENT_RATE", default="3.1")
PRIVACY_RECEIPTS_RETENTION_DAYS = env.int("PRIVACY_RECEIPTS_RETENTION_DAYS", default=5 * 365)
PRIVACY_EXEMPTION_RETENTION_DAYS = env.int("PRIVACY_EXEMPTION_RETENTION_DAYS", default=5 * 365)
PRIVACY_INQUIRY_RETENTION_DAYS = env.int("PRIVACY_INQUIRY_RETENTION_DAYS", default=3 * 365)
PRIVACY_MESSAGE_RETENTION_DAYS = env.int("PRIVACY_MESSAGE_RETENTION_DAYS", default=365)
# Notices of decisions (decisions/privacy.py): a record of the administrative act, kept past every appeal period
# and as long as the application file; the district confirms it against its records schedule.
PRIVACY_DECISION_RETENTION_DAYS = env.int("PRIVACY_DECISION_RETENTION_DAYS", default=5 * 365)
PRIVACY_COMMITTEE_NAME = env("PRIVACY_COMMITTEE_NAME", default="서초AICT 우수기업센터 입주기업 선정 평가위원회")
PRIVACY_EMAIL_PROVIDER = env("PRIVACY_EMAIL_PROVIDER", default="(확인 필요) 이메일 발송 위탁업체")
PRIVACY_STORAGE_PROVIDER = env("PRIVACY_STORAGE_PROVIDER", default="(확인 필요) 클라우드 저장소 위탁업체")
PRIVACY_MESSAGING_PROVIDER = env("PRIVACY_MESSAGING_PROVIDER", default="(도입 예정) 문자·알림톡 발송 위탁업체")
# Data subjects' requests (PIPA §35–§37, privacy/rights.py): answered within this many working days of receipt,
# extended (with reasons) by as many more; the public form's e-mailed link files the request for this long.
PRIVACY_RIGHTS_DUE_WORKING_DAYS = env.int("PRIVACY_RIGHTS_DUE_WORKING_DAYS", default=10)
PRIVACY_RIGHTS_EXTENSION_WORKING_DAYS = env.int("PRIVACY_RIGHTS_EXTENSION_WORKING_DAYS", default=10)
PRIVACY_RIGHTS_LINK_SECONDS = env.int("PRIVACY_RIGHTS_LINK_SECONDS", default=24 * 60 * 60)
PRIVACY_RIGHTS_RETENTION_DAYS = env.int("PRIVACY_RIGHTS_RETENTION_DAYS", default=3 * 365)
# Drafts of applications never submitted are destroyed this many days after their call closes.
PRIVACY_DRAFT_RETENTION_DAYS = env.int("PRIVACY_DRAFT_RETENTION_DAYS", default=90)

# The district the portal belongs to, in the header and the identifier at the foot of every page
# (KRDS: "이 누리집은 서울특별시 서초구 누리집입니다."): its name in each language and its emblem, a path
# under the static files. The emblem shipped (static/img/district-emblem.svg) is a plain placeholder of
# the portal's own: replace the file, or point PORTAL_DISTRICT_EMBLEM at the district's official one.
PORTAL_DISTRICT_NAME_KO = env("PORTAL_DISTRICT_NAME_KO", default="서울특별시 서초구")
PORTAL_DISTRICT_NAME_EN = env("PORTAL_DISTRICT_NAME_EN", default="Seocho-gu, Seoul")
PORTAL_DISTRICT_EMBLEM = env("PORTAL_DISTRICT_EMBLEM", default="img/district-emblem.svg")

# The sender block of every e-mail (name, phone; the address sends only): the department in charge.
PORTAL_SENDER_NAME_KO = env("PORTAL_SENDER_NAME_KO", default="서울특별시 서초구청 양재AI특구추진단")
PORTAL_SENDER_NAME_EN = env("PORTAL_SENDER_NAME_EN", default="Seocho-gu Office, Yangjae AI Special Zone Team")
PORTAL_SENDER_PHONE = env("PORTAL_SENDER_PHONE", default="02-2155-7010")
# The department's address in the footer and on the directions page (찾아오시는 길), and how to get there.
PORTAL_DEPARTMENT_ADDRESS_KO = env(
    "PORTAL_DEPARTMENT_ADDRESS_KO", default="(06750) 서울특별시 서초구 남부순환로 2584 서초구청")
PORTAL_DEPARTMENT_ADDRESS_EN = env(
    "PORTAL_DEPARTMENT_ADDRESS_EN", default="Seocho-gu Office, 2584 Nambusunhwan-ro, Seocho-gu, Seoul 06750")
PORTAL_DIRECTIONS_TRANSIT_KO = env.list("PORTAL_DIRECTIONS_TRANSIT_KO", default=[
    "지하철: 3호선·신분당선 양재역 하차, 도보 약 10분",
    "버스: 서초구청 정류장 하차",
    "주차: 방문객 주차장은 혼잡하오니 대중교통을 이용해 주십시오.",
])
PORTAL_DIRECTIONS_TRANSIT_EN = env.list("PORTAL_DIRECTIONS_TRANSIT_EN", default=[
    "Subway: Yangjae station (Line 3, Shinbundang Line), about 10 minutes on foot",
    "Bus: Seocho-gu Office stop",
    "Parking: the visitors' car park is often full; please come by public transport.",
])

# Helpdesk (docs/helpdesk.md): notices marked "new" for this many days after publication, notices per page;
# an inquiry's answer is due this many working days after receipt and can be reopened this many days after
# its answer; attachments per inquiry and their size; the prefix of receipt numbers (Q-2026-0001).
HELPDESK_NOTICE_NEW_DAYS = env.int("HELPDESK_NOTICE_NEW_DAYS", default=7)
HELPDESK_NOTICES_PER_PAGE = env.int("HELPDESK_NOTICES_PER_PAGE", default=10)
HELPDESK_INQUIRY_DUE_WORKING_DAYS = env.int("HELPDESK_INQUIRY_DUE_WORKING_DAYS", default=7)
HELPDESK_INQUIRY_REOPEN_DAYS = env.int("HELPDESK_INQUIRY_REOPEN_DAYS", default=14)
HELPDESK_ATTACHMENT_MAX_FILES = env.int("HELPDESK_ATTACHMENT_MAX_FILES", default=3)
HELPDESK_ATTACHMENT_MAX_MB = env.int("HELPDESK_ATTACHMENT_MAX_MB", default=10)
HELPDESK_INQUIRY_NUMBER_PREFIX = env("HELPDESK_INQUIRY_NUMBER_PREFIX", default="Q")

# Popbill (e-tax invoices, bank-account inquiry, KakaoTalk/SMS): see portal/providers/popbill.py. Without
# the link id, key and member number, those features are off and the pages say so.
POPBILL_LINK_ID = env("POPBILL_LINK_ID", default="")
POPBILL_SECRET_KEY = env("POPBILL_SECRET_KEY", default="")
POPBILL_CORP_NUM = env("POPBILL_CORP_NUM", default="")
POPBILL_IS_TEST = env.bool("POPBILL_IS_TEST", default=True)
POPBILL_SERVICE_URL = env("POPBILL_SERVICE_URL", default="")
POPBILL_AUTH_URL = env("POPBILL_AUTH_URL", default="")
POPBILL_TIMEOUT = env.float("POPBILL_TIMEOUT", default=30.0)
# The sender number (발신번호) registered with Popbill for KakaoTalk fallbacks and text messages; empty: off.
POPBILL_SENDER_NUMBER = env("POPBILL_SENDER_NUMBER", default="")

# KakaoTalk 알림톡 and text messages (docs/messaging.md): the provider (portal/providers/messaging.py), the
# prefix of the request numbers the provider keeps unique (one per installation sharing a Popbill member),
# the verification codes (seconds valid, wrong tries, codes per user and hour), the hours when advertising
# waits (정보통신망법 §50: 21:00–08:00 Korea time), and when results are asked for and given up.
MESSAGING_PROVIDER = env("MESSAGING_PROVIDER", default="popbill")
MESSAGING_REQUEST_PREFIX = env("MESSAGING_REQUEST_PREFIX", default="yp")
MESSAGING_CODE_TTL_SECONDS = env.int("MESSAGING_CODE_TTL_SECONDS", default=300)
MESSAGING_CODE_MAX_ATTEMPTS = env.int("MESSAGING_CODE_MAX_ATTEMPTS", default=5)
MESSAGING_CODES_PER_HOUR = env.int("MESSAGING_CODES_PER_HOUR", default=5)
MESSAGING_QUIET_FROM_HOUR = env.int("MESSAGING_QUIET_FROM_HOUR", default=21)
MESSAGING_QUIET_UNTIL_HOUR = env.int("MESSAGING_QUIET_UNTIL_HOUR", default=8)
MESSAGING_RESULT_AFTER_SECONDS = env.int("MESSAGING_RESULT_AFTER_SECONDS", default=30)
MESSAGING_RESULT_GIVE_UP_HOURS = env.int("MESSAGING_RESULT_GIVE_UP_HOURS", default=72)
MESSAGING_RESULT_BATCH = env.int("MESSAGING_RESULT_BATCH", default=500)
# Collections (docs/receipts.md): the lessor's accounts the account inquiry reads ("bank code:number",
# comma-separated; empty: the fetch is off), how many days back each fetch reads, how often it polls the job.
RECEIPTS_POPBILL_ACCOUNTS = env.list("RECEIPTS_POPBILL_ACCOUNTS", default=[])
RECEIPTS_POPBILL_DAYS = env.int("RECEIPTS_POPBILL_DAYS", default=3)
RECEIPTS_POPBILL_POLLS = env.int("RECEIPTS_POPBILL_POLLS", default=10)
# The NTS business-status service (portal/providers/nts.py): the public data portal's service key (empty:
# the checks are skipped and the admin says so), the service's base URL and the seconds to wait.
NTS_SERVICE_KEY = env("NTS_SERVICE_KEY", default="")
NTS_API_URL = env("NTS_API_URL", default="https://api.odcloud.kr/api/nts-businessman/v1")
NTS_TIMEOUT = env.float("NTS_TIMEOUT", default=5.0)

# Who issues the electronic tax invoices (taxinvoices/issuers): "hometax" (staff upload the month's bulk file
# on Hometax; works offline) or "popbill" (issued and sent to the NTS by the portal; needs the settings above).
TAXINVOICE_ISSUER = env("TAXINVOICE_ISSUER", default="hometax")

# Accounts: rate limits as (requests, seconds), per client address unless said otherwise —
# "account_mail" caps the mails one address receives; login lockout per (account, address) after N
# failures within the window (docs/accounts.md, "Abuse controls").
PORTAL_RATE_LIMITS = {
    "login": (20, 5 * 60),  # failed logins from one address, at every login door (successes not counted)
    "login_account": (20, 15 * 60),  # login attempts on one account, from any address
    "signup": (10, 60 * 60),
    "password_reset": (10, 60 * 60),
    "account_mail": (5, 60 * 60),
    "invitation": (30, 60 * 60),  # invitations sent from one address
    "exemption_verify": (20, 10 * 60),
    "two_factor_link": (10, 60 * 60),  # requests for a new two-factor set-up link
    "rights_request": (10, 60 * 60),  # data subjects' request forms sent from one address
    "rights_request_mail": (3, 60 * 60),  # verification links of those requests to one mailbox
}
PORTAL_LOGIN_FAILURE_LIMIT = env.int("PORTAL_LOGIN_FAILURE_LIMIT", default=5)
PORTAL_LOGIN_FAILURE_WINDOW = env.int("PORTAL_LOGIN_FAILURE_WINDOW", default=15 * 60)  # seconds
PORTAL_LOGIN_COOLOFF = env.int("PORTAL_LOGIN_COOLOFF", default=15 * 60)  # seconds
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)  # proxies in front that set X-Forwarded-For
PORTAL_STAFF_IDLE_TIMEOUT_MINUTES = env.int("PORTAL_STAFF_IDLE_TIMEOUT_MINUTES", default=30)
# Staff and evaluators confirm each login with a TOTP code (django-otp); on in production.
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)
# An authenticator app is set up only through a link e-mailed to the account's address: seconds it works.
PORTAL_TWO_FACTOR_LINK_TIMEOUT = env.int("PORTAL_TWO_FACTOR_LINK_TIMEOUT", default=60 * 60)
OTP_TOTP_ISSUER = PORTAL_CENTER_NAME_EN

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
