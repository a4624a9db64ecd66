"""iCalendar feeds: the programme, an event, a venue, one session, and a
personal agenda, assembled from the cached pieces of scheduler.ical; a feed
whose data has not changed answers 304 from an ETag computed by one aggregate
query (see freshness).
"""
