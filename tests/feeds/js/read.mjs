// Reads an iCalendar text on stdin with ical.js (Thunderbird's parser) and
// prints its events as JSON: UTC start and end, texts, status, sequence.
// Each VTIMEZONE in the file is registered first, so the times are read with
// the feed's own zone definitions, as Thunderbird does.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    start_zone: event.startDate.zone ? event.startDate.zone.tzid : null,
    summary: event.summary,
    description: event.description,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
  };
});
process.stdout.write(JSON.stringify({
  method: calendar.getFirstPropertyValue("method"),
  name: calendar.getFirstPropertyValue("x-wr-calname"),
  events,
}));
