"""bench/load.py runs end to end in a few seconds, so it cannot rot unnoticed,
and its checks fail a run that answered 5xx or overbooked a session."""
from __future__ import annotations

import shutil
from collections import Counter

from bench import load
from bench.registrations import Seats
from tests.databases import missing_service


def test_a_short_load_run_passes_and_reports(capsys):
    if shutil.which("wrk") is None:
        missing_service("wrk is missing: apt-get install wrk")
    assert load.main(["--rounds", "1", "--seconds", "1", "--connections", "4",
                      "--workers", "2", "--threads", "2"]) == 0
    printed = capsys.readouterr().out
    assert "5xx: 0" in printed and "overbooked sessions: 0" in printed
    for name in ("app", "floor"):
        assert f"  {name:5} " in printed and "requests/s; latency ms: p50" in printed
    assert "mix / floor: median" in printed


def test_server_errors_and_unexpected_answers_fail_the_run():
    assert load.unexpected(Counter({200: 90, 201: 5, 304: 5})) == []
    assert load.unexpected(Counter({200: 90, 502: 1, 404: 2})) == ["2 answers 404",
                                                                   "1 answers 502"]


def test_a_session_holding_more_than_its_seats_or_rows_is_overbooked():
    def seats(capacity: int | None, taken: int, seated: int) -> Seats:
        return Seats("app", 1, capacity, taken, seated, waitlisted=3)

    assert not seats(25, 25, 25).overbooked()
    assert not seats(None, 40, 40).overbooked()
    assert seats(25, 26, 26).overbooked()
    assert seats(25, 24, 25).overbooked()
