"""bench/load.py runs end to end in a few seconds, so it cannot rot unnoticed."""
from __future__ import annotations

from bench import load


def test_a_short_load_run_passes_and_reports(capsys):
    assert load.main(["--seconds", "3", "--users", "4", "--workers", "2",
                      "--threads", "2"]) == 0
    printed = capsys.readouterr().out
    assert "requests/s" in printed and "5xx: 0" in printed
    assert "overbooked sessions: 0" in printed
    for kind in ("programme", "calendar.ics", "all"):
        assert f"\n{kind} " in printed
