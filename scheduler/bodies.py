"""Request bodies are read whole or refused: MAX_CONTENT_LENGTH holds for a
chunked body (no Content-Length) as it does for any other."""
from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any, TypeVar, cast

from flask import Request as FlaskRequest, current_app
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream

View = TypeVar("View", bound=Callable[..., Any])
TAKES_IMAGE = "takes_image"


class WholeBodyStream(LimitedStream):
    """Werkzeug's stream stops quietly at the limit when read to the end
    (get_data, JSON), so a longer chunked body would arrive cut short and
    could still parse. This one looks one byte past the limit and refuses
    the body with a 413 if it goes on; a body of exactly the limit passes."""

    def on_exhausted(self) -> None:
        try:
            more = self._stream.read(1)
        except (OSError, ValueError) as error:
            self.on_disconnect(error=error)
            return
        if more:
            raise RequestEntityTooLarge()

    def readall(self) -> bytes:
        body = super().readall()
        if self.is_exhausted:
            self.on_exhausted()
        return body


def takes_image(view: View) -> View:
    """Mark a form page that takes an image upload: its body may be
    IMAGE_MAX_BYTES larger than MAX_CONTENT_LENGTH lets any other be."""
    setattr(view, TAKES_IMAGE, True)
    return view


class Request(FlaskRequest):
    """The app's request: its body stream checks a chunked body's length, and
    pages marked `takes_image` take a larger one."""

    @property
    def max_content_length(self) -> int | None:
        limit = FlaskRequest.max_content_length.fget(self)  # type: ignore[attr-defined]
        view = current_app.view_functions.get(self.endpoint or "")
        if limit is not None and getattr(view, TAKES_IMAGE, False):
            return int(limit) + int(current_app.config["IMAGE_MAX_BYTES"])
        return cast(int | None, limit)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        FlaskRequest.max_content_length.fset(self, value)  # type: ignore[attr-defined]

    @cached_property
    def stream(self) -> IO[bytes]:
        limit = self.max_content_length
        # Servers that dechunk (gunicorn, Werkzeug's) mark the input
        # terminated; without that mark Werkzeug reads no body at all.
        if (limit is None or self.content_length is not None or self.shallow
                or "wsgi.input_terminated" not in self.environ):
            # Werkzeug types the cached property as the stream it gives.
            parent: IO[bytes] = FlaskRequest.stream.fget(self)  # type: ignore[attr-defined]
            return parent
        # A binary stream, as Werkzeug's own LimitedStream is taken for one.
        return cast(IO[bytes], WholeBodyStream(self.environ["wsgi.input"], limit, is_max=True))
