"""Sanbao settings, read from the environment.

DATABASE_URL  default: SQLite file under var/ (the demo); PostgreSQL in production and tests.
REDIS_URL     default: unset -> background jobs run inline, in-process, after commit.
SECRET_KEY, DEBUG, ALLOWED_HOSTS as usual.

Production is DEBUG=0: SECRET_KEY and ALLOWED_HOSTS are then required (no permissive default),
static files are served by WhiteNoise from the collected, hashed STATIC_ROOT, and SANBAO_TLS=1
(behind TLS) turns on secure cookies, the HTTPS redirect and HSTS. docs/deployment.md.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-only-insecure-key-change-me" if DEBUG else None
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The demo answers on loopback only; production names its hosts, and never "*".
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and (not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS):
    raise RuntimeError("ALLOWED_HOSTS must name the site's hosts when DEBUG is off (no '*')")
# Origins (scheme://host[:port]) whose forms may post here, when not the site's own host.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_rq",
    "config",
    "geo",
    "service_net",
    "complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    "config.outage.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.api_input.ApiNulGuardMiddleware",  # a NUL in API input: 422, not a database error
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.accounts.sessions.StaffSessionMiddleware",  # staff sessions expire (issue 8)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sanbao.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A persistent connection is checked before a request reuses it: after a database restart
        # the first request reconnects instead of failing (config/outage.py answers 503 meanwhile).
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
RQ_QUEUES = {
    name: ({"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600} if REDIS_URL else {"URL": "redis://127.0.0.1:6379/0"})
    for name in ("default", "low")
}
# The job outbox (config/outbox.py): a dispatched job not done after OUTBOX_LEASE_SECONDS (default:
# the queue timeout + 120 s) is pushed again by the relay; also OUTBOX_RELAY_GRACE_SECONDS (30),
# OUTBOX_MAX_DISPATCHES (5), OUTBOX_RELAY_BATCH (500), OUTBOX_REDIS_TIMEOUT (1 s).
if os.environ.get("OUTBOX_LEASE_SECONDS"):
    OUTBOX_LEASE_SECONDS = float(os.environ["OUTBOX_LEASE_SECONDS"])
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                    # An unreachable Redis costs a request at most this long (rate limits then
                    # fail open: config/ratelimit.py).
                    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}
    }

# Rate limits on the public endpoints, per client (config/ratelimit.py: the limits and their
# defaults). RATE_LIMITS overrides some, e.g. "verify=120/60,filing=20/3600" (count/seconds).
# SANBAO_NUM_PROXIES: the number of reverse proxies that append to X-Forwarded-For (0: the header
# is ignored and REMOTE_ADDR is the client). With the cache unreachable the limits fail open and
# leave it alone for RATE_LIMIT_PAUSE_SECONDS (5; config/breaker.py).
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
RATE_LIMITS = os.environ.get("RATE_LIMITS", "")
SANBAO_NUM_PROXIES = int(os.environ.get("SANBAO_NUM_PROXIES", "0"))
# The public forms' bot guard (config/formguard.py): a hidden field people leave empty, and a
# signed time: a submission sooner than FORM_MIN_FILL_SECONDS after the form was served is
# refused; a form older than FORM_MAX_AGE_SECONDS is shown again to be resubmitted.
FORM_GUARD_ENABLED = env_bool("FORM_GUARD_ENABLED", True)
FORM_MIN_FILL_SECONDS = float(os.environ.get("FORM_MIN_FILL_SECONDS", "3"))
FORM_MAX_AGE_SECONDS = int(os.environ.get("FORM_MAX_AGE_SECONDS", str(24 * 3600)))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
# Production serves the collected files under hashed names (cached for a year by browsers and
# proxies) and pre-compressed; `make serve` runs collectstatic first. The demo and tests use the
# files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATICFILES_DIRS = [BASE_DIR / "static"]

# Complaint evidence (invoices, 三包 cards, photos): outside the web root, served only through
# views that check who is asking.
EVIDENCE_ROOT = Path(os.environ.get("EVIDENCE_ROOT", VAR_DIR / "evidence"))
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10
# A closed complaint's record is kept this many days before its personal data may be erased on
# request (complaints.rules.retention): three years, the time bar of complaints (domain.md §4),
# as domain.md names no retention period of its own.
COMPLAINT_RETENTION_DAYS = int(os.environ.get("COMPLAINT_RETENTION_DAYS", str(3 * 365 + 1)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Map tiles for the coverage map: none by default (the machine may be offline).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")

# Geocoding: the gazetteer (offline) always answers first. GEOCODER = "baidu" (needs BAIDU_API_KEY)
# adds an online fallback for addresses it cannot place: Baidu's BD-09 point, converted to WGS-84,
# is placed in the gazetteer's county by boundary.
GEOCODER = os.environ.get("GEOCODER", "gazetteer")
GEO_GAZETTEER_CHECK_SECONDS = int(os.environ.get("GEO_GAZETTEER_CHECK_SECONDS", "5"))

# Coverage is refreshed by a coalesced job after registry writes (off only for benchmarks).
COVERAGE_REFRESH_ON_WRITE = env_bool("COVERAGE_REFRESH_ON_WRITE", True)
BAIDU_API_KEY = os.environ.get("BAIDU_API_KEY", "")
BAIDU_API_BASE = os.environ.get("BAIDU_API_BASE", "")  # a proxy instead of api.map.baidu.com

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff_home"  # regulators → console, business staff → their complaints
LOGOUT_REDIRECT_URL = "/"

# Staff logins (config/accounts): a name is locked after LOGIN_LOCKOUT_USER_FAILURES failed
# passwords or codes within LOGIN_LOCKOUT_WINDOW_SECONDS, for LOGIN_LOCKOUT_SECONDS; a client
# address (as the rate limiter groups it) after LOGIN_LOCKOUT_CLIENT_FAILURES across names.
LOGIN_LOCKOUT_USER_FAILURES = int(os.environ.get("LOGIN_LOCKOUT_USER_FAILURES", "5"))
LOGIN_LOCKOUT_CLIENT_FAILURES = int(os.environ.get("LOGIN_LOCKOUT_CLIENT_FAILURES", "20"))
LOGIN_LOCKOUT_WINDOW_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_WINDOW_SECONDS", str(15 * 60)))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", str(15 * 60)))
# Second factor (TOTP, RFC 6238) for those who set it up at /accounts/totp/: the name apps show,
# and how long the code page waits after the password step.
TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "三包 Sanbao")
TOTP_PENDING_SECONDS = 300
# Staff sessions end STAFF_SESSION_MAX_SECONDS after login, or after STAFF_SESSION_IDLE_SECONDS
# without a request; consumer sessions (case grants after tracking number + phone) last
# SESSION_COOKIE_AGE.
STAFF_SESSION_MAX_SECONDS = int(os.environ.get("STAFF_SESSION_MAX_SECONDS", str(8 * 3600)))
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_COOKIE_AGE = int(os.environ.get("CONSUMER_SESSION_SECONDS", str(14 * 24 * 3600)))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in ("UserAttributeSimilarityValidator", "MinimumLengthValidator",
                 "CommonPasswordValidator", "NumericPasswordValidator")
]

# Log lines carry ids, tracking numbers and paths, never names, phones, addresses or request
# bodies; gunicorn's access log (query strings hold looked-up phones) stays off in `make serve`.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Personal data never reaches a log (config/log_filters.py), even with LOG_LEVEL=DEBUG:
    # geopy and urllib3 log each request's URL at DEBUG, and the online geocoder's URL holds the
    # address looked up and the API key; django.template's DEBUG lines carry the page's context.
    "filters": {"template_context": {"()": "config.log_filters.TemplateLookupsWithoutContext"}},
    "loggers": {"geopy": {"level": "INFO"}, "urllib3": {"level": "INFO"},
                "django.template": {"filters": ["template_context"]}},
}

# Verify/nearest answers list this many real outlets of the brand near the caller.
SANBAO_NEARBY_LIMIT = 5

# Notifications (complaints.services.notifications). E-mail through any Django e-mail backend:
# the console by default (the demo); set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
# and EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS for a mail server.
# SMS through complaints.notify.sms.SmsBackend: the console backend prints a masked phone.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "三包 Sanbao <noreply@sanbao.invalid>")
SMS_BACKEND = os.environ.get("SMS_BACKEND", "complaints.notify.sms.ConsoleSmsBackend")
# Links in messages: the site's address ("" gives paths such as /complaints/track/).
SITE_URL = os.environ.get("SITE_URL", "")
# Seconds between the send job's retries (rq.Retry; needs `rqworker --with-scheduler`).
NOTIFY_RETRY_INTERVALS = [30, 120, 600]

# --- Security headers and HTTPS (production) ---------------------------------------------------
# Always: nosniff, no framing, same-origin referrers, and a Content-Security-Policy without inline
# code (config/csp.py). SANBAO_TLS=1 when the site is reached over HTTPS only: secure cookies,
# redirect to HTTPS, HSTS (a year, subdomains, preload; SECURE_HSTS_PRELOAD=0 to opt out of the
# preload list). Unset (a local `make serve` on http://127.0.0.1:8000) cookies stay non-secure,
# or the browser would never send them back. SANBAO_BEHIND_PROXY=1 trusts X-Forwarded-Proto
# from a TLS-terminating proxy that always sets it.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SANBAO_TLS = env_bool("SANBAO_TLS", False)
if SANBAO_TLS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # the load balancer's plain-HTTP probes
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SANBAO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Seconds a client is told to wait (Retry-After) when the database is unreachable (503).
SANBAO_OUTAGE_RETRY_AFTER = int(os.environ.get("SANBAO_OUTAGE_RETRY_AFTER", "5"))
