"""Personal data over time: erasing attendees' details once an event's
retention period is over, and an attendee's own copy and closing of their
account. Above registration, whose use cases it reuses."""
