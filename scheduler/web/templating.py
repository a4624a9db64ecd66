"""Template filters and globals: dates from scheduler.dates, the labels pages
show for stored English values, and the links of the feed partials."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import format_number, lazy_gettext as _l

from scheduler.accounts.models import Role
from scheduler.dates import (
    date_span,
    days_span,
    local_date,
    local_datetime,
    local_time,
    long_date,
    short_date,
)
from scheduler.discovery.site import THEME_COLOUR
from scheduler.events.models import EventKind, EventSession
from scheduler.feeds import links
from scheduler.localised import in_reader_language, reader_language
from scheduler.urls import public_url
from scheduler.web.guest_stars import init_guest_stars

# Enum values stay English in the database, the API and the feeds; pages show these.
KIND_LABELS = {
    EventKind.training: _l("Training"), EventKind.study_visit: _l("Study visit"),
    EventKind.film_festival: _l("Film festival"), EventKind.screening: _l("Screening"),
    EventKind.panel: _l("Panel"), EventKind.conference: _l("Conference"),
    EventKind.policy_dialogue: _l("Policy dialogue"), EventKind.campaign: _l("Campaign"),
    EventKind.other: _l("Other"),
}
STATUS_LABELS = {
    "draft": _l("Draft"), "published": _l("Published"), "scheduled": _l("Scheduled"),
    "cancelled": _l("Cancelled"), "pending": _l("Pending"), "confirmed": _l("Confirmed"),
    "unconfirmed": _l("Email unconfirmed"),
    "waitlisted": _l("Waitlisted"), "declined": _l("Declined"), "attended": _l("Attended"),
    # Registration modes.
    "open": _l("Open"), "approval": _l("Approval"), "invitation": _l("Invitation"),
}
ROLE_LABELS = {"speaker": _l("Speaker"), "moderator": _l("Moderator"), "trainer": _l("Trainer")}
ACCOUNT_ROLE_LABELS = {Role.attendee: _l("Attendee"), Role.organiser: _l("Organiser"),
                       Role.admin: _l("Admin")}


def kind_label(kind: EventKind) -> str:
    return str(KIND_LABELS[kind])


def status_label(status: str) -> str:
    """An event's, session's or registration's status, or a registration mode."""
    return str(STATUS_LABELS[str(status)])


def role_label(role: str) -> str:
    return str(ROLE_LABELS[str(role)])


def shown_title(event_session: EventSession) -> str:
    """EventSession.shown_title_in the reader's language."""
    return event_session.shown_title_in(reader_language())


def account_role_label(role: Role) -> str:
    return str(ACCOUNT_ROLE_LABELS[role])


# Pages a sign-in should not return to: the account pages themselves.
NO_RETURN = frozenset({"attendee.sign_in", "attendee.sign_up", "attendee.forgot_password",
                       "attendee.reset_password"})


def back_here() -> str | None:
    """This page, for the sign-in link to bring an attendee back to (`back=`);
    None where coming back makes no sense."""
    if request.method != "GET" or request.endpoint in NO_RETURN or request.endpoint is None:
        return None
    here = request.full_path.rstrip("?")
    return None if here == "/" else here


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(in_reader_language, "localised")
    app.add_template_filter(shown_title)
    app.add_template_filter(local_date)
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(local_time)
    app.add_template_filter(local_datetime)
    app.add_template_global(date_span)
    app.add_template_global(days_span)
    app.add_template_filter(format_number, "number")
    for label in (kind_label, status_label, role_label, account_role_label):
        app.add_template_global(label)
    for link in (public_url, links.calendar_links, back_here):
        app.add_template_global(link)
    app.add_template_filter(links.webcal)
    app.jinja_env.globals["theme_colour"] = THEME_COLOUR
    init_guest_stars(app)
