"""Run as a separate process: print a feed's ETag and the SHA-256 of its body.

    python -m tests.feeds.render_feed DATABASE_URL PATH
"""
from __future__ import annotations

import hashlib
import sys

from scheduler import create_app
from tests.conftest import config_for


def main(database_url: str, path: str) -> None:
    app = create_app(config_for(database_url))
    response = app.test_client().get(path)
    assert response.status_code == 200, response.status_code
    print(response.headers["ETag"], hashlib.sha256(response.data).hexdigest())


if __name__ == "__main__":
    main(*sys.argv[1:3])
