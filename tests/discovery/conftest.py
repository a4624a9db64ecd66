"""Readers for what a page's head tells previews and search engines."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from scheduler.accounts.models import Role
from tests.factories import make_user

BASE = "https://scheduler.test"


@dataclass
class Head:
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)
    json_ld: list[object] = field(default_factory=list)

    def one(self, name: str) -> str:
        values = self.meta.get(name, [])
        assert len(values) == 1, (name, values)
        return values[0]

    def link(self, rel: str) -> list[dict[str, str]]:
        return [link for link in self.links if link.get("rel") == rel]

    @property
    def canonical(self) -> str:
        (link,) = self.link("canonical")
        return link["href"]

    @property
    def alternates(self) -> dict[str, str]:
        return {link["hreflang"]: link["href"] for link in self.link("alternate")}


class HeadReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.head, self._in_json = Head(), False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            key = values.get("property") or values["name"]
            self.head.meta.setdefault(key, []).append(values["content"])
        elif tag == "link":
            self.head.links.append(values)
        self._in_json = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.head.json_ld.append(json.loads(data))
            self._in_json = False


def head_of(client, url: str, **kwargs) -> Head:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    reader = HeadReader()
    reader.feed(response.get_data(as_text=True))
    return reader.head


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org")
