"""An event's slug, the part of its public addresses after /events/: made
from its title, changed by its organisers. Each slug an event gives up is
kept (EventFormerSlug) and its addresses redirect to the current one.

A slug is never both an event's current one and another's former one: an
organiser may take a former slug (the old address then leads to their event,
and the record goes), while slugs made from titles avoid former ones, so
old links keep working as long as nobody chooses otherwise."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from scheduler.accounts.models import User
from scheduler.errors import Conflict
from scheduler.events.models import Event, EventFormerSlug
from scheduler.extensions import db
from scheduler.permissions import can_view_event
from scheduler.transactions import savepoint
from scheduler.transliteration import SLUG_MAX, slug_of


def free_slug(title: str) -> str:
    """The title's slug, numbered ("-2", "-3"...) past those in use or used before."""
    base = slug_of(title)
    taken: set[str] = set()
    for column in (Event.slug, EventFormerSlug.slug):
        taken.update(db.session.scalars(sa.select(column).where(
            sa.or_(column == base, column.like(f"{base}-%")))))
    number = 1
    slug = base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def claim(slug: str) -> str:
    """`slug` for an event to take: a Conflict if another event uses it now;
    if one used it before, its record goes (that address will lead to the
    taker). Call `flush_claimed` once the event has it."""
    if db.session.scalar(sa.select(Event.id).where(Event.slug == slug)) is not None:
        raise _taken(slug)
    db.session.execute(sa.delete(EventFormerSlug).where(EventFormerSlug.slug == slug))
    return slug


def change(event: Event, slug: str) -> None:
    """Give `event` a new slug, keeping the one it had as a former slug
    (going back to a former slug of its own just takes it). Flushes."""
    if slug == event.slug:
        return
    claim(slug)
    db.session.add(EventFormerSlug(event=event, slug=event.slug))
    event.slug = slug
    flush_claimed(slug)


def flush_claimed(slug: str) -> None:
    """Flush; another request taking the slug first is a Conflict, not a 500."""
    try:
        with savepoint():
            db.session.flush()
    except IntegrityError:
        raise _taken(slug) from None


def _taken(slug: str) -> Conflict:
    return Conflict(_("Another event already has the address “%(slug)s”.", slug=slug),
                    code="slug_taken", fields={"slug": _("another event has this address")})


def current_slug(former: str, user: User | None) -> str | None:
    """The slug now of the event that had `former`, if `user` may see it."""
    if len(former) > SLUG_MAX or not former.isprintable():
        return None  # no slug is that long; PostgreSQL refuses NUL in text
    event = db.session.scalar(sa.select(Event).join(EventFormerSlug.event).where(
        EventFormerSlug.slug == former))
    return event.slug if event is not None and can_view_event(user, event) else None
