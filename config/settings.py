"""Sanbao settings, read from the environment.

DATABASE_URL  default: SQLite file under var/ (the demo); PostgreSQL in production and tests.
REDIS_URL     default: unset -> background jobs run inline, in-process, after commit.
SECRET_KEY, DEBUG, ALLOWED_HOSTS as usual.
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
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]

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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
RQ_QUEUES = {
    name: ({"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600} if REDIS_URL else {"URL": "redis://127.0.0.1:6379/0"})
    for name in ("default", "low")
}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]

# Complaint evidence (invoices, 三包 cards, photos): outside the web root, served only through
# views that check who is asking.
EVIDENCE_ROOT = Path(os.environ.get("EVIDENCE_ROOT", VAR_DIR / "evidence"))
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in ("UserAttributeSimilarityValidator", "MinimumLengthValidator",
                 "CommonPasswordValidator", "NumericPasswordValidator")
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
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
