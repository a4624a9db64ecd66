"""Errors: pages for people, the JSON envelope under /api/, never a stack trace."""
import pytest
from werkzeug.exceptions import ServiceUnavailable

from scheduler import create_app
from tests.conftest import config_for


@pytest.fixture
def app_with_failures(database):
    app = create_app(config_for(database))

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    @app.route("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret internals")

    @app.route("/api/v1/busy")
    def busy():
        raise ServiceUnavailable("The database is restarting.", retry_after=5)

    return app


def test_unknown_page_is_a_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize("method, path, status, code", [
    ("GET", "/api/v1/nothing-here", 404, "not_found"),
    ("POST", "/api/v1/nothing-here", 404, "not_found"),
])
def test_api_errors_are_json_envelopes(client, method, path, status, code):
    response = client.open(path, method=method, data="{not json", content_type="text/plain")
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]


def test_wrong_method_on_a_page_is_405_with_allow(client):
    response = client.get("/sign-out")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_oversized_request_is_413(client):
    response = client.post("/sign-in", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_unexpected_error_hides_internals(app_with_failures, caplog):
    client = app_with_failures.test_client()
    page = client.get("/boom")
    assert page.status_code == 500
    assert "secret internals" not in page.get_data(as_text=True)
    api = client.get("/api/v1/boom")
    assert api.status_code == 500
    assert api.get_json()["error"]["code"] == "internal_error"
    assert "secret internals" not in api.get_data(as_text=True)
    assert "secret internals" in caplog.text  # but the operators see it


def test_retry_after_survives_into_the_envelope(app_with_failures):
    response = app_with_failures.test_client().get("/api/v1/busy")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["error"] == {"code": "unavailable",
                                            "message": "The database is restarting."}
