"""Who is an attendee, an organiser or an admin: finding accounts and changing
their role, which only admins do, and never so that no admin is left."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from scheduler import permissions
from scheduler.accounts.inputs import RoleInput
from scheduler.accounts.models import Role, User
from scheduler.errors import Conflict
from scheduler.extensions import db

PAGE_SIZE = 50


class LastAdmin(Conflict):
    code = "last_admin"


def find_users(text: str = "", *, limit: int = PAGE_SIZE) -> list[User]:
    """Accounts whose email contains `text` (any case), by email; the first `limit`."""
    query = sa.select(User).order_by(User.email).limit(limit)
    text = text.strip().lower()
    if text:
        # LIKE's own wildcards in what was typed are matched as themselves.
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(User.email.like(f"%{escaped}%", escape="\\"))
    return list(db.session.scalars(query))


def change_role(user: User, data: RoleInput, *, actor: User) -> None:
    """Give `user` another role. Refused when it would leave no admin. Flushes."""
    permissions.require_admin(actor)
    if user.role is Role.admin and data.role is not Role.admin and _admins_locked() <= 1:
        raise LastAdmin(_("%(email)s is the last admin: make another account an admin "
                          "first.", email=user.email), fields={"role": _("the last admin")})
    user.role = data.role
    db.session.flush()


def _admins_locked() -> int:
    """How many admins there are, their rows locked (PostgreSQL) so that two
    admins demoting each other at once cannot both go: the second waits for
    the first and then counts without it. SQLite lets one writer at a time."""
    return len(db.session.scalars(
        sa.select(User.id).where(User.role == Role.admin).with_for_update()).all())
