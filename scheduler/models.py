"""Every model, imported once so the metadata (and Alembic) sees the whole schema."""
from scheduler.accounts.models import ApiToken, LoginSession, Role, User
from scheduler.events.models import (
    Event,
    EventFormerSlug,
    EventKind,
    EventSession,
    EventStatus,
    RegistrationMode,
    SessionStatus,
    event_organiser,
)
from scheduler.favourites.models import Favourite
from scheduler.feeds.models import FeedRevision
from scheduler.films.models import Film
from scheduler.images.models import Image
from scheduler.mail.models import OutboxMessage
from scheduler.people.models import Person, PersonRole, SessionPerson
from scheduler.registration.messages import Message
from scheduler.registration.models import Invitation, Registration, RegistrationStatus
from scheduler.registration.questions_models import Answer, Question, QuestionKind
from scheduler.venues.models import Venue

__all__ = [
    "Answer",
    "ApiToken",
    "Event",
    "EventFormerSlug",
    "EventKind",
    "EventSession",
    "EventStatus",
    "Favourite",
    "FeedRevision",
    "Film",
    "Image",
    "Invitation",
    "LoginSession",
    "Message",
    "OutboxMessage",
    "Person",
    "PersonRole",
    "Question",
    "QuestionKind",
    "Registration",
    "RegistrationMode",
    "RegistrationStatus",
    "Role",
    "SessionPerson",
    "SessionStatus",
    "User",
    "Venue",
    "event_organiser",
]
