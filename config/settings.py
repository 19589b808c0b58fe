"""Mitra's one settings module. Everything that differs between machines comes from the environment."""

import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MITRA_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_choice("MITRA_ENVIRONMENT", ("development", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("MITRA_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("MITRA_DEBUG must be off when MITRA_ENVIRONMENT=production")


def _secret_key() -> str:
    key = env_str("MITRA_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("MITRA_SECRET_KEY is required in production")
    # A development key made once per checkout, so no shared default secret exists anywhere.
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("MITRA_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("MITRA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "mitra.accounts",
    "mitra.schools",
    "mitra.history",
    "mitra.files",
    "mitra.partners",
    "mitra.planning",
    "mitra.agreements",
    "mitra.letters",
    "mitra.notifications",
    "mitra.activities",
    "mitra.evaluation",
    "mitra.reports",
    "mitra.transfer",
    "mitra.operations",
    "mitra.api",
    "mitra.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before any middleware that reads or writes the body, so that it compresses what they wrote.
    "mitra.schools.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mitra.accounts.middleware.SessionTimeoutMiddleware",
    "mitra.accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mitra.schools.middleware.OutOfRangeIdMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mitra.schools.context_processors.access",
                "mitra.notifications.context_processors.unread",
            ],
            "builtins": ["django.templatetags.i18n", "mitra.schools.templatetags.ui"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DB_ENGINE = env_choice("MITRA_DB_ENGINE", ("sqlite", "postgresql"), "sqlite")
if DB_ENGINE == "sqlite":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("MITRA_DB_NAME", str(VAR_DIR / "mitra.sqlite3")),
            # OPTIONS must sit inside the entry or SQLite silently ignores it (QUALITY.md D1).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
            # Tests use a file too: an in-memory database shares one cache between threads, whose table
            # locks ignore the busy timeout, so concurrency would be tested against the wrong behaviour.
            "TEST": {"NAME": env_str("MITRA_TEST_DB_NAME", str(VAR_DIR / "test.sqlite3"))},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("MITRA_DB_NAME", "mitra"),
            "USER": env_str("MITRA_DB_USER", "mitra"),
            "PASSWORD": env_str("MITRA_DB_PASSWORD"),
            "HOST": env_str("MITRA_DB_HOST"),
            "PORT": env_str("MITRA_DB_PORT"),
            "CONN_MAX_AGE": env_int("MITRA_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sessions ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "mitra.accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Absolute lifetime of a login; the idle limit is enforced by SessionTimeoutMiddleware.
SESSION_COOKIE_AGE = env_int("MITRA_SESSION_MAX_SECONDS", 12 * 3600)
SESSION_IDLE_SECONDS = env_int("MITRA_SESSION_IDLE_SECONDS", 2 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # invitations use the same token, and people open them days later

# django-axes: Django does not throttle logins by itself (QUALITY.md S7). An account is locked for
# the address its failures came from: a stranger's guesses never lock the teacher out, and one
# teacher's typos in a staff room (one NAT address for the whole school) do not lock the others.
# A completed password reset lifts the lock (accounts.views.PasswordResetConfirmView).
AXES_FAILURE_LIMIT = env_int("MITRA_LOGIN_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_CLIENT_IP_CALLABLE = "mitra.accounts.throttle.client_address"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_USERNAME_CALLABLE = "mitra.accounts.backends.lockout_key"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Failures per client address and minute before a 429 (mitra/accounts/throttle.py): a wrong login
# (a browser on which that account logged in before may still try), an unknown API token, a public
# link (evaluation, calendar) that does not exist. A valid token or link always passes.
LOGIN_FAILURES_PER_MINUTE = env_int("MITRA_LOGIN_FAILURES_PER_MINUTE", 20)
TOKEN_FAILURES_PER_MINUTE = env_int("MITRA_TOKEN_FAILURES_PER_MINUTE", 10)
LINK_FAILURES_PER_MINUTE = env_int("MITRA_LINK_FAILURES_PER_MINUTE", 10)
# Password reset requests per hour, per client address, and per e-mail address asked about from one address
# (three times that from all addresses together); beyond
# them no e-mail goes out (the page says the same either way).
RESET_REQUESTS_PER_ADDRESS = env_int("MITRA_RESET_REQUESTS_PER_ADDRESS", 10)
RESET_REQUESTS_PER_ACCOUNT = env_int("MITRA_RESET_REQUESTS_PER_ACCOUNT", 3)
# Answers through one shared evaluation link per hour: per device (a signed cookie; a school's
# computer lab may answer from one browser) and per client address (a script that drops the cookie).
# LINK_BURST_ANSWERS answers within LINK_BURST_SECONDS through one link are flagged on the results.
LINK_ANSWERS_PER_DEVICE = env_int("MITRA_LINK_ANSWERS_PER_DEVICE", 5)
LINK_ANSWERS_PER_ADDRESS = env_int("MITRA_LINK_ANSWERS_PER_ADDRESS", 60)
LINK_BURST_ANSWERS = env_int("MITRA_LINK_BURST_ANSWERS", 10)
LINK_BURST_SECONDS = env_int("MITRA_LINK_BURST_SECONDS", 60)

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "mitra_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("MITRA_TIME_ZONE", "Asia/Jakarta")
FORMAT_MODULE_PATH = ["config.formats"]  # the one date and time style of the interface
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder on every start
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the web root and are only served through views that check access.
MEDIA_ROOT = Path(env_str("MITRA_MEDIA_ROOT", str(VAR_DIR / "files")))
# Backups (manage.py backup, and the worker's daily one): where, how many kept, and where
# pg_dump / pg_restore live when they are not on the PATH.
BACKUP_DIR = Path(env_str("MITRA_BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = env_int("MITRA_BACKUP_KEEP", 14)
PG_BIN_DIR = env_str("MITRA_PG_BIN_DIR")
# Behind nginx, evidence downloads are handed to it (X-Accel-Redirect) once Mitra has checked access:
# the internal location under this prefix serves MITRA_MEDIA_ROOT (deploy/nginx.conf).
FILES_ACCEL_PREFIX = env_str("MITRA_FILES_ACCEL_PREFIX")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_NUMBER_FILES = 20
MAX_UPLOAD_BYTES = env_int("MITRA_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Each school's share of the disk: about 10,000 activity photos as the pipeline stores them.
SCHOOL_STORAGE_BYTES = env_int("MITRA_SCHOOL_STORAGE_BYTES", 5 * 1024 * 1024 * 1024)
MAX_LOGO_BYTES = 2 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("MITRA_FROM_EMAIL", "Mitra <mitra@localhost>")
# The address people open Mitra at, for the links in e-mails the worker sends (no request to ask).
BASE_URL = env_str("MITRA_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if env_str("MITRA_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("MITRA_EMAIL_HOST"),
                "port": env_int("MITRA_EMAIL_PORT", 587),
                "username": env_str("MITRA_EMAIL_USER"),
                "password": env_str("MITRA_EMAIL_PASSWORD"),
                "use_tls": env_bool("MITRA_EMAIL_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    # Development: messages (password resets, invitations) are printed where the server runs.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Caches ---------------------------------------------------------------------------------
# No cache in a process, on purpose: every application server reads the database, so no process holds
# a state the others lack (sessions, rate limits, lockouts and task state are all in the database).
# "fragments" is in the database too: parts of pages computed from a school's data, kept under a key
# holding the latest mark of each kind of data they show (schools/freshness.py), so a change is seen
# at the next request.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "fragments": {
        "BACKEND": "mitra.schools.fragment_cache.FragmentCache",  # Django's database cache, written in one statement
        "LOCATION": "mitra_fragments",
        "TIMEOUT": 2 * 24 * 3600,  # keys name the day too; yesterday's go with the culling
        "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
    },
}

# --- Background tasks -----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Security headers -----------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:"],  # blob: the preview of a photo before it is sent
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("MITRA_SSL_REDIRECT", PRODUCTION)
BEHIND_PROXY = env_bool("MITRA_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mitra.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "mitra.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mitra.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mitra API",
    "DESCRIPTION": "School partnerships: plan, agree, run, evaluate, report.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "mitra.api.schema.document_errors"],
    # Several models have a field named "kind"; each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "EvidenceKindEnum": "mitra.activities.models.Evidence.Kind",
        "PartnerKindEnum": "mitra.partners.models.Partner.Kind",
        "AgreementKindEnum": "mitra.agreements.models.Agreement.Kind",
        "RespondentGroupEnum": "mitra.evaluation.models.Group",
        "BudgetSourceEnum": "mitra.planning.models.PlannedActivity.BudgetSource",
        "ContributionKindEnum": "mitra.activities.models.Contribution.Kind",
    },
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "mitra.operations.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_choice("MITRA_LOG_FORMAT", ("json", "plain"), "json" if PRODUCTION else "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("MITRA_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
