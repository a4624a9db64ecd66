import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from scheduler.accounts import services
from scheduler.accounts.inputs import SignUpInput
from scheduler.accounts.models import Role, User
from scheduler.errors import DomainError


def test_create_user_normalises_email_and_hashes_password(db):
    user = services.create_user(SignUpInput.parse(dict(
        email="  Nino@Example.ORG ", name=" Nino ", password="long enough")), role=Role.organiser)
    assert (user.email, user.name, user.role) == ("nino@example.org", "Nino", Role.organiser)
    assert "long enough" not in user.password_hash


def test_email_is_unique_whatever_its_case(db):
    services.create_user(SignUpInput.parse(dict(
        email="nino@example.org", name="Nino", password="long enough")))
    with pytest.raises(services.EmailTaken) as refusal:
        services.create_user(SignUpInput.parse(dict(
            email="NINO@example.org", name="Other", password="long enough")))
    assert refusal.value.status == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


@pytest.mark.parametrize("email, name, password, field", [
    ("not-an-email", "Nino", "long enough", "email"),
    ("nino@example.org", "   ", "long enough", "name"),
    ("nino@example.org", "N" * 201, "long enough", "name"),
    ("nino@example.org", "Nino", "short", "password"),
])
def test_bad_account_details_are_refused_with_the_field(db, email, name, password, field):
    with pytest.raises(DomainError) as refusal:
        services.create_user(SignUpInput.parse(dict(email=email, name=name, password=password)))
    assert field in refusal.value.fields
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_database_refuses_an_unnormalised_email(db):
    db.session.add(User(email="Upper@Example.org", name="X", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_authenticate(db):
    services.create_user(SignUpInput.parse(dict(
        email="nino@example.org", name="Nino", password="long enough")))
    assert services.authenticate("NINO@example.org", "long enough").email == "nino@example.org"
    assert services.authenticate("nino@example.org", "wrong password") is None
    assert services.authenticate("nobody@example.org", "long enough") is None
