"""One transaction boundary: only scheduler/transactions.py commits or rolls
back; handlers and commands open its unit of work and services only flush."""
from __future__ import annotations

import ast
from pathlib import Path

import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.errors import DomainError
from scheduler.extensions import db
from scheduler.films import services
from scheduler.films.models import Film
from tests.factories import make_user

SCHEDULER = Path(__file__).resolve().parent.parent / "scheduler"
BOUNDARY = "transactions.py"
# Session methods, and any helper a module might name after them to hide one.
ENDING = frozenset({"commit", "rollback", "begin_nested"})


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def transaction_endings(tree: ast.Module) -> list[int]:
    """Lines that call commit, rollback or begin_nested, as a method or not."""
    return sorted(node.lineno for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and called_name(node) in ENDING)


def modules_ending_transactions() -> dict[str, list[int]]:
    found = {}
    for path in sorted(SCHEDULER.rglob("*.py")):
        lines = transaction_endings(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[path.relative_to(SCHEDULER).as_posix()] = lines
    return found


def test_only_the_unit_of_work_ends_transactions():
    found = modules_ending_transactions()
    assert BOUNDARY in found  # the check does see a commit where there is one
    del found[BOUNDARY]
    assert found == {}, "services flush; the caller's unit of work commits"


def test_a_refusal_inside_a_handlers_unit_of_work_leaves_nothing_stored(app, monkeypatch):
    """A use case refused after it has written (here the film is flushed
    first) keeps none of it: the page shows why, and no film is stored."""
    create_film = services.create_film

    def refused_after_writing(*args, **kwargs):
        create_film(*args, **kwargs)
        raise DomainError("Refused after the film was written.")

    monkeypatch.setattr(services, "create_film", refused_after_writing)
    with app.app_context():
        browser = app.test_client(user=make_user(role=Role.organiser))
    shown = browser.post("/organise/films/new", data={"title": "Flee", "runtime_minutes": "89"})
    assert "Refused after the film was written." in shown.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(sa.select(Film)).all() == []
