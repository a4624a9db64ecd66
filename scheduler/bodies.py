"""Request bodies are read whole or refused: MAX_CONTENT_LENGTH holds for a
chunked body (no Content-Length) as it does for any other."""
from __future__ import annotations

from typing import IO, cast

from flask import Request as FlaskRequest
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream


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


class Request(FlaskRequest):
    """The app's request: its body stream checks a chunked body's length."""

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
