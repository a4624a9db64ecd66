"""The floor for bench/registrations.py and bench/load.py: the least each
request of theirs can do.

A registration: one conditional UPDATE takes a seat if one is free, one INSERT
keeps the row, one commit; JSON in and out, on the same database with the same
connection settings as the app. The pages the load test visits answer a
constant HTML body, its feeds bench/bare_app.py's constant calendar (304 for
its ETag). Served by the same gunicorn settings as the app; run only by the
benches.
"""
from __future__ import annotations

import os
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, Response, jsonify, request

# Importing the package installs the app's SQLite tuning (WAL, busy timeout)
# on every engine, so the floor and the app wait for locks alike.
import scheduler  # noqa: F401
from bench import bare_app

metadata = sa.MetaData()
floor_session = sa.Table(
    "floor_session", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("seats_taken", sa.Integer, nullable=False, default=0),
    sa.CheckConstraint("seats_taken <= capacity", name="floor_within_capacity"))
floor_registration = sa.Table(
    "floor_registration", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("floor_session.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("session_id", "email"))

app = Flask(__name__)
# No pool pre-ping: the app has none either (it retries a read on a lost connection).
engine = sa.create_engine(os.environ.get("DATABASE_URL", "sqlite://"))


PAGE = "<!doctype html><html lang=en><title>Floor</title><p>A constant page.</html>"


@app.get("/")
@app.get("/programme")
@app.get("/events/<slug>")
@app.get("/sessions/<int:session_id>")
def page(**_: object) -> Response:
    return Response(PAGE, mimetype="text/html")


@app.get("/calendar.ics")
@app.get("/events/<slug>/calendar.ics")
@app.get("/sessions/<int:session_id>.ics")
def feed(**_: object) -> Response:
    return bare_app.calendar()


# The app's path, so one load script serves both.
@app.post("/api/v1/sessions/<int:session_id>/registrations")
def register(session_id: int):
    body = request.get_json()
    with engine.begin() as connection:
        took_seat = connection.execute(
            sa.update(floor_session)
            .where(floor_session.c.id == session_id,
                   floor_session.c.seats_taken < floor_session.c.capacity)
            .values(seats_taken=floor_session.c.seats_taken + 1)).rowcount == 1
        status = "confirmed" if took_seat else "waitlisted"
        new_id = connection.execute(sa.insert(floor_registration).values(
            session_id=session_id, name=body["name"].strip(),
            email=body["email"].strip().lower(), status=status,
            created_at=datetime.now(UTC))).inserted_primary_key[0]
    return jsonify(id=new_id, status=status), 201
