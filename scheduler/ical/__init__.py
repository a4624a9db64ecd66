"""iCalendar pieces, written by icalendar alone: each session's VEVENT and each
VTIMEZONE serialised once and cached as bytes, the VCALENDAR frame, and the
one-session calendar an email attaches. Feeds assemble theirs from the same pieces."""
