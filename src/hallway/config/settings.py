"""Hallway settings: one file, every value from the environment with a safe default.

Every variable read here is documented in docs/configuration.md.
"""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from hallway.config.env import env, env_bool, env_list, secret_key
from hallway.core.mail_url import email_settings

# The classes django-stubs makes generic (ModelAdmin, ModelForm, BaseFormSet, ...) become
# subscriptable at run time as well, so `admin.ModelAdmin[Person]` can be a base class.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("HALLWAY_DATA_DIR", "var")).resolve()

SECRET_KEY = secret_key(DATA_DIR)
# Fernet keys for secrets stored in the database (channel tokens, webhook addresses), newest
# first: the first encrypts, every one decrypts. Empty: one key derived from SECRET_KEY.
HALLWAY_ENCRYPTION_KEYS = env_list("HALLWAY_ENCRYPTION_KEYS", "")
DEBUG = env_bool("HALLWAY_DEBUG", False)
ALLOWED_HOSTS = env_list("HALLWAY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
BASE_URL = env("HALLWAY_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [BASE_URL]
# Where `hallway serve` listens unless --host/--port say otherwise.
SERVE_HOST = env("HALLWAY_HOST", "127.0.0.1")
SERVE_PORT = int(env("HALLWAY_PORT", "8000"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "hallway.core",
    "hallway.accounts",
    "hallway.audit",
    "hallway.people",
    "hallway.absences",
    "hallway.messaging",
    "hallway.coffee",
    "hallway.onboarding",
    "hallway.relationships",
    "hallway.gatherings",
    "hallway.rituals",
    "hallway.projects",
    "hallway.outreach",
    "hallway.api",
    "hallway.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hallway.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hallway.accounts.tenancy.OrganisationMiddleware",
    "hallway.accounts.two_factor.TwoFactorMiddleware",
    "hallway.people.viewer.ViewerTimezoneMiddleware",
    # Innermost, so the lockout page it substitutes speaks the viewer's language and zone.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hallway.config.urls"
WSGI_APPLICATION = "hallway.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hallway.core.context_processors.hallway",
            ],
        },
    },
]

# SQLite in the data folder unless DATABASE_URL points elsewhere (PostgreSQL to scale out).
# Each request thread keeps its connection for a minute: opening one costs a few ms of every
# request (for SQLite reading the schema, the pragmas and Django's SQL functions; for
# PostgreSQL a round trip and the session setup). `hallway restore` writes into the open
# database, so kept connections see restored data.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'hallway.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while a worker writes; IMMEDIATE avoids
        # "database is locked" on upgrades from read to write transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The lockout guard comes first: a locked-out account or address is refused before its
# password is even checked (see hallway.accounts.signin_guard); then the refusal of passwords
# for organisations that use single sign-on only.
AUTHENTICATION_BACKENDS = [
    "hallway.accounts.signin_guard.SigninGuardBackend",
    "hallway.accounts.sso_backend.SingleSignOnOnlyGuard",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German")), ("nl", _("Dutch"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "hallway_language"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads (imports) are read in memory; anything larger is refused with a clear message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
HALLWAY_IMPORT_MAX_BYTES = 5 * 1024 * 1024
HALLWAY_IMPORT_MAX_ROWS = 20_000

# Sign-in that resists guessing (django-axes, counting in the database so every process
# agrees): after HALLWAY_SIGNIN_FAILURE_LIMIT failures for one account or from one address,
# sign-in is refused for HALLWAY_SIGNIN_LOCKOUT_MINUTES, doubling with each further round.
HALLWAY_SIGNIN_FAILURE_LIMIT = int(env("HALLWAY_SIGNIN_FAILURE_LIMIT", "10"))
HALLWAY_SIGNIN_LOCKOUT_MINUTES = int(env("HALLWAY_SIGNIN_LOCKOUT_MINUTES", "15"))
# Reverse proxies in front that append the client's address to X-Forwarded-For (0: trust
# no such header; `hallway serve --trusted-proxy` already rewrites the address itself).
HALLWAY_PROXY_COUNT = int(env("HALLWAY_PROXY_COUNT", "0"))
# Password-reset requests per address and per email address within the lockout window.
HALLWAY_PASSWORD_RESET_LIMIT = int(env("HALLWAY_PASSWORD_RESET_LIMIT", "5"))
# Every reset answer takes at least this long, so timing does not tell whether an account
# exists (the mail goes out in the request, through the outbox).
HALLWAY_PASSWORD_RESET_SECONDS = float(env("HALLWAY_PASSWORD_RESET_SECONDS", "1.0"))
AXES_FAILURE_LIMIT = HALLWAY_SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = "hallway.accounts.signin_guard.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each lockout keeps its own (progressive) end
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "hallway.accounts.signin_guard.normalised_username"
AXES_CLIENT_IP_CALLABLE = "hallway.accounts.signin_guard.client_address"
AXES_LOCKOUT_CALLABLE = "hallway.accounts.signin_guard.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not Axes' business
AXES_VERBOSE = False

# Two-factor sign-in (django-otp): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = "Hallway"

SESSION_COOKIE_HTTPONLY = True
HTTPS = BASE_URL.startswith("https://")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Served over https: plain http is redirected (except the health checks a load balancer
# sends inside the network) and browsers are told to use https only (HSTS).
SECURE_SSL_REDIRECT = env_bool("HALLWAY_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(env("HALLWAY_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HALLWAY_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HALLWAY_HSTS_PRELOAD", True)
# Behind a proxy that ends TLS and says so in X-Forwarded-Proto (hallway serve's
# --trusted-proxy does this itself for waitress).
if env_bool("HALLWAY_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline script anywhere (pages ask for behaviour with data attributes, see
# core/static/hallway/behaviours.js); inline styles remain for charts and small layout.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

globals().update(email_settings(env("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env("HALLWAY_FROM_EMAIL", "Hallway <hallway@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Messages to people arrive inside their working hours unless switched off here (or per
# organisation); transactional messages (password links, tests) always go at once.
HALLWAY_SENDING_WINDOWS = env_bool("HALLWAY_SENDING_WINDOWS", True)
# Audit log entries older than this many days are deleted every night.
HALLWAY_AUDIT_RETENTION_DAYS = int(env("HALLWAY_AUDIT_RETENTION_DAYS", "365"))
# /readyz answers 503 when a due message has waited longer than this (no worker running).
HALLWAY_READY_MAX_OUTBOX_LAG_SECONDS = int(env("HALLWAY_READY_MAX_OUTBOX_LAG_SECONDS", "300"))
# Where meeting rooms are opened unless an organisation chose its own template.
HALLWAY_JITSI_BASE_URL = env("HALLWAY_JITSI_BASE_URL", "https://meet.jit.si").rstrip("/")
# Calendar feeds and mailboxes that users paste must not reach into the installation's own
# network (SSRF): private, loopback and link-local addresses are refused unless allowed here.
HALLWAY_SOURCES_ALLOW_PRIVATE = env_bool("HALLWAY_SOURCES_ALLOW_PRIVATE", False)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("HALLWAY_LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
