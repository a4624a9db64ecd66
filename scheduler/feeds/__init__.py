"""iCalendar feeds: the programme, an event, a venue, one session, a
personal agenda, and one-session calendars for emails.

icalendar is the one writer. Each session's VEVENT and each VTIMEZONE is
serialised once and cached as bytes (see fragments), so any feed is assembled
from ready pieces; a feed whose data has not changed answers 304 from an ETag
computed by one aggregate query (see freshness).
"""
