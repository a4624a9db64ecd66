"""An event's slug through the API: given at creation, changed by PATCH,
refused with a 422 (the rule) or a 409 (taken), the old one redirecting."""
import pytest

from tests.api.helpers import error_of, new_event, ok


def test_patch_changes_the_slug_and_the_old_page_redirects(client, organiser):
    event = new_event(client, organiser, title="Migration Film Festival")
    path = f"/api/v1/events/{event['id']}"
    changed = ok(client.patch(path, json={"slug": "film-festival-2026"},
                              headers=organiser.headers))
    assert changed["slug"] == "film-festival-2026"
    assert ok(client.patch(path, json={"title": "Renamed"},
                           headers=organiser.headers))["slug"] == "film-festival-2026"
    moved = client.get("/events/migration-film-festival")
    assert (moved.status_code, moved.headers["Location"]) == (301, "/events/film-festival-2026")


def test_a_new_event_may_name_its_slug(client, organiser):
    assert new_event(client, organiser, slug="tbilisi-2026")["slug"] == "tbilisi-2026"
    assert new_event(client, organiser, slug=None)["slug"] == (
        "tbilisi-human-rights-film-festival")


@pytest.mark.parametrize("slug", ["Capitals", "two words", "double--hyphen", "ab",
                                  "y" * 121, "ქართული", 42, ""])
def test_slugs_outside_the_rule_are_422(client, organiser, slug):
    path = f"/api/v1/events/{new_event(client, organiser)['id']}"
    error = error_of(client.patch(path, json={"slug": slug}, headers=organiser.headers), 422)
    assert set(error["fields"]) == {"slug"}


def test_a_slug_in_use_is_409(client, organiser, other_organiser):
    new_event(client, other_organiser, slug="taken")
    path = f"/api/v1/events/{new_event(client, organiser)['id']}"
    error = error_of(client.patch(path, json={"slug": "taken"}, headers=organiser.headers), 409)
    assert error["code"] == "slug_taken" and set(error["fields"]) == {"slug"}
    created = client.post("/api/v1/events", json={
        "title": "Panel", "kind": "panel", "slug": "taken"}, headers=organiser.headers)
    assert error_of(created, 409)["code"] == "slug_taken"
