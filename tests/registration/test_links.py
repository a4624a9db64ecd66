"""Cancel-link secrets: long, unguessable, stored only as a digest, compared in constant time."""
from datetime import UTC, datetime, timedelta

import pytest

from scheduler import secrets
from scheduler.accounts.models import Role
from scheduler.registration import links, services
from scheduler.registration.booking import Receipt
from tests.factories import booked, make_event, make_session, make_user, make_venue

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def screening(db):
    return make_session(make_event(make_user(role=Role.organiser)), make_venue(),
                        starts_at=NOW + timedelta(days=7))


def book(screening, email: str) -> Receipt:
    return booked(screening, name="Nino", email=email, now=NOW)


@pytest.fixture
def two_registrations(screening):
    return [book(screening, f"guest{n}@example.org").registration for n in range(2)]


def test_secret_is_long_and_kept_only_as_its_digest(screening):
    receipt = book(screening, "nino@example.org")
    first, secret = receipt.registration, receipt.secret
    second = book(screening, "ana@example.org").registration
    assert len(secret) >= 43  # 256 bits, base64url
    assert first.cancel_token_hash == secrets.digest(secret) != secret
    assert secret in links.cancel_url(first)
    assert links.cancel_secret(second) != secret


def test_secret_opens_its_own_registration_only(two_registrations):
    first, second = two_registrations
    secret = links.cancel_secret(first)
    assert services.registration_by_secret(first.id, secret) == first
    assert services.registration_by_secret(second.id, secret) is None
    for wrong in ("", secret[:-1], secret + "x", secret.upper()):
        assert not links.matches(first, wrong)


def test_comparison_is_constant_time(two_registrations, monkeypatch):
    first, _ = two_registrations
    secret = links.cancel_secret(first)
    compared = []
    real = secrets.hmac.compare_digest
    monkeypatch.setattr(secrets.hmac, "compare_digest",
                        lambda a, b: compared.append((a, b)) or real(a, b))
    assert links.matches(first, secret)
    assert compared == [(first.cancel_token_hash, first.cancel_token_hash)]
