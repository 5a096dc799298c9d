"""talentbridge settings: typed values from the environment with safe embedded defaults.

Nothing set → SQLite file in ``var/``, the database task backend, console/file e-mail, DEBUG off
unless ``DEBUG=1``. See ``docs/architecture.md`` for the full list of variables.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TALENTBRIDGE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
_INSECURE_KEY = "insecure-embedded-mode-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "talentbridge.core",
    "talentbridge.accounts",
    "talentbridge.community",
    "talentbridge.taxonomy",
    "talentbridge.demand",
    "talentbridge.curriculum",
    "talentbridge.projects",
    "talentbridge.credentials",
    "talentbridge.competitions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "talentbridge.core.middleware.RequestContextMiddleware",
    "talentbridge.core.middleware.ApplicationErrorMiddleware",
    "talentbridge.core.jsoninput.JSONBodyMiddleware",
    "axes.middleware.AxesMiddleware",
]

# --- Content-Security-Policy (ADR 0012) -------------------------------------------------------
# Strict: scripts and style sheets only from our own static files — no inline <script>, no
# inline event handlers, no eval, no <style> elements; data for charts travels in JSON script
# tags (type application/json, never executed). ``img-src data:`` is for Bootstrap's SVG icons.
# The API reference pages relax style-src only (Redoc injects its styles; config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "style-src-elem": [csp.SELF],
        # Style *attributes* only: ECharts (vendored) positions its canvas and tooltips with
        # them. No <style> elements, and our own templates use none (a test checks).
        "style-src-attr": [csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "frame-src": [csp.NONE],
        "worker-src": [csp.SELF],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "talentbridge.community.context_processors.persona",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
_DEFAULT_DB_URL = f"sqlite:///{VAR_DIR / 'talentbridge.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _DEFAULT_DB_URL), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web server and the task worker share the file; a 64 MiB
    # page cache per connection (default 2 MiB) keeps the indexes of a large ingest in memory.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
            "PRAGMA temp_store=MEMORY;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-talentbridge.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Tasks ----------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "ingest", "extraction"],
    }
}
# Leases (ADR 0012): a running task's worker renews its lease every heartbeat; a task whose
# lease ran out is taken back by the next recovery pass (every reap interval) — so a dead
# worker's task runs again within lease + reap interval (45 s + 15 s), a live one's never.
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 45)
TASK_HEARTBEAT_SECONDS = env_int("TASK_HEARTBEAT_SECONDS", 10)
TASK_REAP_INTERVAL_SECONDS = env_int("TASK_REAP_INTERVAL_SECONDS", 15)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 3)
# /healthz counts the tasks that failed within this window.
TASK_FAILED_WINDOW_SECONDS = env_int("TASK_FAILED_WINDOW_SECONDS", 24 * 3600)
# /healthz figures the apps report (name -> function returning a count; core/views.py).
TALENTBRIDGE_HEALTH_CHECKS = {
    "failed_ingest_runs": "talentbridge.demand.providers.failed_run_count",
}
# Curriculum reads demand and enterprise briefs through provider hooks (the apps are
# independent siblings; ADR 0007).
TALENTBRIDGE_CURRICULUM_PROVIDERS = {
    "demand": "talentbridge.demand.providers.curriculum_demand",
    "briefs": "talentbridge.projects.feeds.curriculum_briefs",
}
# Credentials reads evidence, target profiles and demand from its siblings through providers
# (ADR 0007; contracts in talentbridge/credentials/providers.py).
TALENTBRIDGE_CREDENTIALS_PROVIDERS: dict[str, object] = {
    "evidence": [
        "talentbridge.projects.feeds.credential_evidence",
        "talentbridge.competitions.feeds.credential_evidence",
    ],
    "target_profile": "talentbridge.curriculum.feeds.target_profile",
    "demand": "talentbridge.demand.providers.curriculum_demand",
    "works": [
        "talentbridge.projects.feeds.portfolio_works",
        "talentbridge.competitions.feeds.portfolio_works",
    ],
    "courses": "talentbridge.curriculum.feeds.courses_of_college",
}
# Issuer keys are sealed with a key derived from this secret (default: SECRET_KEY).
CREDENTIALS_KEY_SECRET = env_str("CREDENTIALS_KEY_SECRET", "")
# (dotted path of a task, interval in seconds), enqueued by the task worker when due.
PERIODIC_TASKS = [
    ("talentbridge.projects.tasks.close_stale_briefs", 24 * 3600),
    ("talentbridge.projects.tasks.remind_due_milestones", 24 * 3600),
    ("talentbridge.credentials.tasks.sync_evidence", 15 * 60),
]

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "talentbridge.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "talentbridge.accounts.views.lockout"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The lock-out counts failures per normalized account (stripped, case-folded e-mail) and address.
AXES_USERNAME_CALLABLE = "talentbridge.accounts.security.axes_username"
# Rate limits of the account forms: (attempts, seconds) per account and per client address;
# over a limit the form answers 429 with Retry-After (talentbridge.accounts.security).
RATE_LIMITS = {
    "signin": {
        "account": (env_int("RATE_SIGNIN_ACCOUNT", 10), 15 * 60),
        "address": (env_int("RATE_SIGNIN_ADDRESS", 30), 15 * 60),
    },
    "signup": {
        "account": (env_int("RATE_SIGNUP_ACCOUNT", 3), 60 * 60),
        "address": (env_int("RATE_SIGNUP_ADDRESS", 10), 60 * 60),
    },
    "password_reset": {
        "account": (env_int("RATE_RESET_ACCOUNT", 3), 60 * 60),
        "address": (env_int("RATE_RESET_ADDRESS", 10), 60 * 60),
    },
}
RATE_LIMIT_CACHE = "ratelimit"
# API tokens expire this many days after they were issued; revoked from the account page.
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30)
# A sign-up is confirmed through a link sent by e-mail, valid this many hours.
SIGNUP_CONFIRM_HOURS = env_int("SIGNUP_CONFIRM_HOURS", 48)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "static"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rate-limit counters must be shared by every web process of the host: files under var/
    # by default (no extra service); any Django cache backend works (RATE_LIMIT_CACHE_*).
    "ratelimit": {
        "BACKEND": env_str(
            "RATE_LIMIT_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": env_str("RATE_LIMIT_CACHE_LOCATION", str(VAR_DIR / "cache" / "ratelimit")),
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
# Who runs this installation, named in the privacy notice (/privacy/), and where people write.
PRIVACY_OPERATOR = env_str("PRIVACY_OPERATOR", "")
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", "privacy@talentbridge.local")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "talentbridge <noreply@talentbridge.local>")

# --- Security -------------------------------------------------------------------------------
SECURE_MODE = env_bool("SECURE_MODE", not DEBUG and SECRET_KEY != _INSECURE_KEY)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if SECURE_MODE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "talentbridge.accounts.security.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "talentbridge.core.pagination.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        # Untrusted JSON bounded in depth, UTF-8 and top-level type (core/jsoninput.py).
        "talentbridge.core.jsoninput.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "talentbridge.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "talentbridge.core.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "talentbridge API",
    "DESCRIPTION": "Industry–education integration platform for the digital creative industries.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TierEnum": "talentbridge.community.models.Tier",
        "OrgRoleEnum": "talentbridge.community.models.OrgRole",
        "OrganizationKindEnum": "talentbridge.community.models.OrganizationKind",
        "MajorLevelEnum": "talentbridge.taxonomy.models.MajorLevel",
        "CurriculumSkillLevelEnum": "talentbridge.curriculum.models.SkillLevel",
    },
}

# --- Logging --------------------------------------------------------------------------------
LOG_FORMAT = env_str("LOG_FORMAT", "text")  # "json" for structured logs
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {"request_id": {"()": "talentbridge.core.logging.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"jieba": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
