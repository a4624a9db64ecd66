"""The secrets in links (cancelling, accepting an invitation, an agenda feed).

A secret is an itsdangerous signature, under SECRET_KEY and a salt of its own
purpose, of the fixed details of what it opens: every email about a record
carries the same working link, and one purpose's secret never opens another.
The database keeps only the secret's SHA-256, so a copy of it hands out no
links, and a record whose digest is replaced stops its old links working.

Links made before were an HMAC-SHA256 of "purpose|details"; they are still in
inboxes and calendar apps. A record made then keeps its digest, so its old
link still opens it, and a link sent for it again is that same old link.
"""
from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json

from flask import current_app
from itsdangerous import BadSignature, Signer

Detail = int | str | None


class Purpose(enum.StrEnum):
    """What a secret opens. The values were the old secrets' prefixes."""

    cancel = "cancel"
    invitation = "invite"
    agenda_feed = "agenda"
    email_confirmation = "confirm"
    # Not a link: the signed list of a guest's starred sessions in a cookie.
    guest_stars = "stars"


def sign(purpose: Purpose, *details: Detail) -> str:
    """The secret for these details: 43 base64url characters (256 bits)."""
    # As JSON, so no detail's text can run into the next one's.
    message = json.dumps(details, separators=(",", ":"))
    return _signer(purpose).get_signature(message).decode()


def seal(purpose: Purpose, value: object) -> str:
    """`value` as JSON with its signature: readable, but not alterable."""
    return _signer(purpose).sign(json.dumps(value, separators=(",", ":"))).decode()


def unseal(purpose: Purpose, sealed: str) -> object | None:
    """What `seal` sealed, or None for anything altered or not sealed by us."""
    try:
        value: object = json.loads(_signer(purpose).unsign(sealed))
    except (BadSignature, ValueError):
        return None
    return value


def _signer(purpose: Purpose) -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=f"scheduler.link.{purpose.value}",
                  digest_method=hashlib.sha256)


def digest(secret: str) -> str:
    """What the database keeps of a secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(stored_digest: str | None, secret: str) -> bool:
    """Whether `secret` is the one `stored_digest` was made from, in either
    form, compared in constant time."""
    return (bool(secret) and stored_digest is not None
            and hmac.compare_digest(stored_digest, digest(secret)))


def secret_of(stored_digest: str | None, purpose: Purpose, *details: Detail) -> str:
    """The secret of a stored record: today's form, unless the record was made
    before it and its digest is of the old form, which is then sent again. A
    record whose digest was replaced gets today's form, which does not open it."""
    secret = sign(purpose, *details)
    if matches(stored_digest, secret):
        return secret
    old = _old_form(purpose, details)
    return old if matches(stored_digest, old) else secret


def _old_form(purpose: Purpose, details: tuple[Detail, ...]) -> str:
    message = "|".join([purpose.value, *map(str, details)]).encode()
    mac = hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()
