"""Configuration from the environment, with safe defaults for a laptop."""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

# The checkout: templates, static files, translations and migrations sit beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = "secret_key"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def from_environment() -> dict[str, Any]:
    """Settings read from environment variables (documented in the README)."""
    env = os.environ
    return {
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL"),
        "SECRET_KEY": env.get("SECRET_KEY"),
        # Unset: this machine, on the port `make run PORT=` serves (5000 by default).
        "PUBLIC_BASE_URL": (env.get("PUBLIC_BASE_URL")
                            or f"http://127.0.0.1:{port(env.get('PORT'))}").rstrip("/"),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": flag(env.get("MAIL_USE_TLS"), default=True),
        "MAIL_FROM": env.get("MAIL_FROM", "Scheduler <no-reply@localhost>"),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(1024 * 1024))),
        # Images (posters, banners, venue photos): the form pages taking them accept
        # bodies this much larger than MAX_CONTENT_LENGTH; decoded size has its own cap.
        "IMAGE_MAX_BYTES": int(env.get("IMAGE_MAX_BYTES", str(8 * 1024 * 1024))),
        "IMAGE_MAX_PIXELS": int(env.get("IMAGE_MAX_PIXELS", str(40_000_000))),
        "UPLOAD_DIR": env.get("UPLOAD_DIR", ""),
        # None: Secure exactly when PUBLIC_BASE_URL is https (see security.py).
        "COOKIE_SECURE": flag(env.get("COOKIE_SECURE"), default=None),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "REQUEST_LOG_LEVEL": env.get("REQUEST_LOG_LEVEL", "INFO"),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", "scheduler"),
        "RATELIMIT_SIGN_IN": env.get("RATELIMIT_SIGN_IN", "10 per minute; 100 per hour"),
        "RATELIMIT_SIGN_UP": env.get("RATELIMIT_SIGN_UP", "5 per minute; 50 per hour"),
        # Each request sends an email: fewer than sign-in attempts.
        "RATELIMIT_PASSWORD_RESET": env.get("RATELIMIT_PASSWORD_RESET",
                                            "3 per minute; 20 per hour"),
        "PASSWORD_RESET_MINUTES": int(env.get("PASSWORD_RESET_MINUTES", "60")),
        "RATELIMIT_REGISTRATION": env.get("RATELIMIT_REGISTRATION",
                                          "30 per minute; 300 per hour"),
        # Where rendered public pages are shared between processes (Redis); empty:
        # each process renders and keeps its own.
        "PAGE_CACHE_URI": env.get("PAGE_CACHE_URI", ""),
        "PAGE_CACHE_KEY_PREFIX": env.get("PAGE_CACHE_KEY_PREFIX", "scheduler"),
        # How often a session page open in a browser asks for its seat count again.
        "SEATS_REFRESH_SECONDS": int(env.get("SEATS_REFRESH_SECONDS", "15")),
        # How long a guest's booking holds its seat before its email is confirmed.
        "EMAIL_CONFIRM_MINUTES": int(env.get("EMAIL_CONFIRM_MINUTES", "30")),
        "FEED_REFRESH_MINUTES": int(env.get("FEED_REFRESH_MINUTES", "60")),
        "FEED_CANCELLED_DAYS": int(env.get("FEED_CANCELLED_DAYS", "30")),
        "FEED_PAST_DAYS": int(env.get("FEED_PAST_DAYS", "90")),
        "FEED_ORGANIZER_EMAIL": env.get("FEED_ORGANIZER_EMAIL", ""),
    }


def port(value: str | None) -> int:
    """PORT from the environment: unset or empty is 5000."""
    number = int(value or "5000")
    if not 0 < number < 65536:
        raise ValueError(f"PORT must be from 1 to 65535, not {value!r}.")
    return number


def flag(value: str | None, *, default: bool | None) -> bool | None:
    """An on/off environment variable; unset or empty gives `default`."""
    if not value:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ValueError(f"Expected true or false, not {value!r}.")


def complete(settings: dict[str, Any], instance_path: Path) -> None:
    """Fill what neither the environment nor the caller gave, from instance/."""
    settings["SQLALCHEMY_DATABASE_URI"] = database_url(
        settings.get("SQLALCHEMY_DATABASE_URI"), instance_path)
    if not settings.get("UPLOAD_DIR"):
        settings["UPLOAD_DIR"] = str(instance_path / "uploads")
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = instance_secret_key(instance_path)


def database_url(url: str | None, instance_path: Path) -> str:
    """The SQLAlchemy URL, steering plain postgresql:// URLs to psycopg 3."""
    if not url:
        instance_path.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_path / 'scheduler.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance_path: Path) -> str:
    """A key made once per installation and kept in instance/, so sign-ins
    survive restarts without a constant secret living in the code."""
    key_file = instance_path / SECRET_KEY_FILE
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    instance_path.mkdir(parents=True, exist_ok=True)
    # Written aside, then linked into place: a link never half-exists, and when
    # two workers start at once the second link fails and both read one key.
    fd, draft = tempfile.mkstemp(dir=instance_path, prefix=".secret-")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        os.link(draft, key_file)
    except FileExistsError:
        pass
    finally:
        os.unlink(draft)
    return key_file.read_text().strip()
