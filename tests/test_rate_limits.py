"""Rate limits: per endpoint and client address, 429 with Retry-After, shared through Redis."""
from __future__ import annotations

from itertools import cycle
from unittest.mock import Mock

import pytest
import redis
from limits import parse
from limits.strategies import FixedWindowRateLimiter

from scheduler import create_app, outages, ratelimits
from scheduler.api.openapi import document
from scheduler.ratelimits import LIMITED_ENDPOINTS
from tests.conftest import config_for
from tests.databases import throwaway_redis_prefix
from tests.servers import call, free_port, gunicorn

TWO_PER_HOUR = "2 per hour"
CREDENTIALS = {"email": "nobody@example.org", "password": "not the password"}
# One request per limited endpoint: (method, path, form data or JSON body).
ATTEMPTS = {
    "attendee.sign_in": ("/sign-in", {"data": CREDENTIALS}),
    "attendee.sign_up": ("/sign-up", {"data": {"email": "a@example.org", "name": "A",
                                               "password": "long enough",
                                               "password_again": "long enough"}}),
    "attendee.change_password": ("/account/password", {"data": {
        "current_password": "not the password", "password": "long enough",
        "password_again": "long enough"}}),
    "attendee.forgot_password": ("/password/forgot", {"data": {"email": "a@example.org"}}),
    "attendee.reset_password": ("/password/reset/not-a-token", {"data": {
        "password": "long enough", "password_again": "long enough"}}),
    "api.token_create": ("/api/v1/tokens", {"json": CREDENTIALS}),
    "api.user_create": ("/api/v1/users", {"json": {"email": "a@example.org", "name": "A",
                                                     "password": "long enough"}}),
    "api.registration_create": ("/api/v1/sessions/999999/registrations",
                                {"json": {"name": "A", "email": "a@example.org"}}),
    "public.register": ("/sessions/999999/register",
                              {"data": {"name": "A", "email": "a@example.org"}}),
}


def test_every_limited_endpoint_is_tried_here(app):
    assert ATTEMPTS.keys() == LIMITED_ENDPOINTS.keys()
    assert LIMITED_ENDPOINTS.keys() <= app.view_functions.keys()


def test_a_bad_limit_string_stops_the_app_from_starting(database):
    with pytest.raises(ValueError, match="ten a minute"):
        create_app(config_for(database) | {"RATELIMIT_SIGN_IN": "ten a minute"})


def test_limits_turned_off_let_every_attempt_through(database):
    unlimited = create_app(config_for(database) | {"RATELIMIT_ENABLED": False,
                                                   "RATELIMIT_SIGN_IN": "1 per hour"})
    client = unlimited.test_client()
    assert [client.post("/sign-in", data=CREDENTIALS).status_code for _ in range(3)] \
        == [422] * 3  # the wrong password, never "too many"


def limit_everything(app, limit: str) -> None:
    for setting in set(LIMITED_ENDPOINTS.values()):
        app.config[setting] = limit


@pytest.mark.parametrize("endpoint", sorted(ATTEMPTS))
def test_third_attempt_in_the_window_is_429(app, endpoint):
    limit_everything(app, TWO_PER_HOUR)
    path, body = ATTEMPTS[endpoint]
    client = app.test_client()
    for _ in range(2):
        assert client.post(path, **body).status_code != 429
    refused = client.post(path, **body)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3601  # the window, rounded up
    if path.startswith("/api/"):
        assert refused.get_json()["error"]["code"] == "rate_limited"
    else:
        assert refused.mimetype == "text/html"
        assert "Too many attempts" in refused.get_data(as_text=True)


def test_addresses_and_endpoints_count_apart(app):
    limit_everything(app, TWO_PER_HOUR)
    client = app.test_client()
    tokens, _ = ATTEMPTS["api.token_create"]
    for _ in range(2):
        client.post(tokens, json=CREDENTIALS)
    assert client.post(tokens, json=CREDENTIALS).status_code == 429
    elsewhere = {"REMOTE_ADDR": "192.0.2.7"}
    assert client.post(tokens, json=CREDENTIALS, environ_base=elsewhere).status_code == 401
    assert client.post("/sign-in", data=CREDENTIALS).status_code == 422
    assert client.get("/sign-in").status_code == 200  # reading the form is free


@pytest.mark.parametrize("proxies, counted_apart", [(0, False), (1, True)])
def test_forwarded_addresses_count_only_behind_trusted_proxies(app, database, proxies,
                                                               counted_apart):
    # `app` is there to empty the database afterwards.
    proxied = create_app(config_for(database) | {"TRUSTED_PROXIES": proxies,
                                                 "RATELIMIT_SIGN_IN": TWO_PER_HOUR})
    client = proxied.test_client()
    tokens, _ = ATTEMPTS["api.token_create"]
    statuses = [client.post(tokens, json=CREDENTIALS,
                            headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
                for n in range(3)]
    assert statuses == ([401] * 3 if counted_apart else [401, 401, 429])


def test_counting_goes_on_in_memory_while_redis_is_away(app, database):
    nobody_listens = f"redis://127.0.0.1:{free_port()}/0"
    cut_off = create_app(config_for(database) | {"RATELIMIT_STORAGE_URI": nobody_listens,
                                                 "RATELIMIT_SIGN_IN": TWO_PER_HOUR})
    client = cut_off.test_client()
    tokens, _ = ATTEMPTS["api.token_create"]
    assert [client.post(tokens, json=CREDENTIALS).status_code
            for _ in range(3)] == [401, 401, 429]


def test_limited_api_operations_document_429():
    paths = document()["paths"]
    documented = {
        "api.token_create": paths["/tokens"]["post"],
        "api.user_create": paths["/users"]["post"],
        "api.registration_create": paths["/sessions/{session_id}/registrations"]["post"],
    }
    assert documented.keys() == {e for e in LIMITED_ENDPOINTS if e.startswith("api.")}
    for endpoint, operation in documented.items():
        assert "429" in operation["responses"], endpoint


@pytest.fixture
def redis_prefix():
    with throwaway_redis_prefix() as url_and_prefix:
        yield url_and_prefix


def test_two_servers_share_one_counter_in_redis(database, app, redis_prefix, tmp_path):
    url, prefix = redis_prefix
    shared = {"RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": prefix,
              "RATELIMIT_SIGN_IN": "4 per hour"}
    log = tmp_path / "gunicorn.log"
    with gunicorn(database, workers=1, log=log, env=shared) as first, \
            gunicorn(database, workers=1, log=log, env=shared) as second:
        servers = cycle([first, second])
        statuses = [call("POST", next(servers) + "/api/v1/tokens", CREDENTIALS).status
                    for _ in range(6)]
        # Each server alone has seen only three attempts: the fourth-and-later
        # refusals come from the count they share.
        assert statuses == [401] * 4 + [429] * 2, log.read_text()
        refused = call("POST", first + "/api/v1/tokens", CREDENTIALS)
        assert refused.body["error"]["code"] == "rate_limited"


def test_counting_goes_back_to_redis_once_it_answers_again(app, redis_prefix, monkeypatch):
    url, prefix = redis_prefix
    counters = ratelimits.Counters(url, prefix)
    two_per_hour = parse(TWO_PER_HOUR)
    monkeypatch.setattr(outages, "RETRY_SECONDS", 0.0)
    with app.app_context(), monkeypatch.context() as away:
        away.setattr(counters._shared, "incr", Mock(side_effect=redis.ConnectionError))
        assert counters.count(two_per_hour, "sign-in", "192.0.2.1") is None  # in memory
    with app.app_context():
        answers = [counters.count(two_per_hour, "sign-in", "192.0.2.1") for _ in range(3)]
    # In memory the second would have been the one too many.
    assert answers[:2] == [None, None] and 0 < answers[2] <= 3600


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_counts_in_memory_start_again_when_their_window_ends():
    clock = Clock()
    counts = ratelimits.LocalCounts(clock)
    strategy = FixedWindowRateLimiter(counts)
    two_per_hour = parse(TWO_PER_HOUR)
    assert [strategy.hit(two_per_hour, "sign-in", "192.0.2.1") for _ in range(3)] \
        == [True, True, False]
    assert strategy.get_window_stats(two_per_hour, "sign-in", "192.0.2.1").reset_time \
        == clock.now + 3600
    clock.now += 3599
    assert not strategy.hit(two_per_hour, "sign-in", "192.0.2.1")
    clock.now += 1
    assert strategy.hit(two_per_hour, "sign-in", "192.0.2.1")
    assert counts.get(two_per_hour.key_for("sign-in", "192.0.2.1")) == 1


def test_counts_in_memory_whose_window_ended_are_dropped(monkeypatch):
    monkeypatch.setattr(ratelimits, "PRUNE_AT", 3)
    clock = Clock()
    counts = ratelimits.LocalCounts(clock)
    for address in range(3):
        counts.incr(f"old-{address}", 60)
    clock.now += 60
    counts.incr("new", 60)  # the fourth key: past PRUNE_AT
    assert list(counts._counts) == ["new"]
