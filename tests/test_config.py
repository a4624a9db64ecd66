import threading

import pytest
import sqlalchemy as sa

from scheduler import config, create_app, extensions


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = config.instance_secret_key(tmp_path)
    assert len(first) >= 64
    assert config.instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert config.instance_secret_key(tmp_path / "other") != first


def test_workers_starting_together_share_one_key(tmp_path):
    keys = []
    threads = [threading.Thread(target=lambda: keys.append(config.instance_secret_key(tmp_path)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and keys[0]
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


@pytest.mark.parametrize("given, expected", [
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_database_url(given, expected, tmp_path):
    assert config.database_url(given, tmp_path) == expected


def test_defaults_to_sqlite_under_instance(tmp_path):
    assert config.database_url(None, tmp_path) == f"sqlite:///{tmp_path}/scheduler.db"


def test_environment_is_read(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://events.example.org/")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("MAIL_PORT", "2525")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["PUBLIC_BASE_URL"] == "https://events.example.org"
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("smtp.example.org", 2525)


def test_port_moves_the_default_public_address(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "5001")
    assert config.from_environment()["PUBLIC_BASE_URL"] == "http://127.0.0.1:5001"
    monkeypatch.delenv("PORT")
    assert config.from_environment()["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "5001")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://events.example.org")
    assert config.from_environment()["PUBLIC_BASE_URL"] == "https://events.example.org"


@pytest.mark.parametrize("value", ["0", "70000", "five"])
def test_a_bad_port_is_refused_at_start(monkeypatch, value):
    monkeypatch.setenv("PORT", value)
    with pytest.raises(ValueError):
        config.from_environment()


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.db",
                      "SECRET_KEY": "x"})
    with app.app_context(), extensions.db.engine.connect() as connection:
        def pragma(name):
            return connection.execute(sa.text(f"PRAGMA {name}")).scalar()
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 10000
        extensions.db.engine.dispose()


def test_hardening_settings_are_read(monkeypatch):
    monkeypatch.setenv("COOKIE_SECURE", "false")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://events.example.org")
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/2")
    monkeypatch.setenv("RATELIMIT_REGISTRATION", "5 per minute")
    settings = config.from_environment()
    assert settings["COOKIE_SECURE"] is False and settings["TRUSTED_PROXIES"] == 1
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/2"
    assert settings["RATELIMIT_REGISTRATION"] == "5 per minute"


@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), ("TRUE", True), ("on", True), ("0", False), ("no", False)])
def test_flags(value, expected):
    assert config.flag(value, default=None) is expected


def test_a_flag_that_is_neither_is_refused():
    with pytest.raises(ValueError, match="maybe"):
        config.flag("maybe", default=True)
