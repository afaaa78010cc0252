import { earliestDay, latestDay, parseCalendarDay } from "../cascade/calendar-date.js";
import { builder } from "./builder.js";
import { badUserInput } from "./graphql-errors.js";

/** A calendar day, "2024-06-18": no time, no zone. Stored as PostgreSQL `date`. */
builder.scalarType("Date", {
  description: `A calendar day in ISO 8601 form, e.g. "2024-06-18", from ${earliestDay} to ${latestDay}.`,
  serialize: (value) => value.toISOString().slice(0, 10),
  parseValue: (value) => {
    const day = parseCalendarDay(value);
    if (typeof day === "string") throw badUserInput(day);
    return day;
  },
});

/** An instant, "2026-11-28T05:54:03.123Z": always UTC. */
builder.scalarType("DateTime", {
  description: 'An instant in ISO 8601 form, in UTC, e.g. "2026-11-28T05:54:03.123Z".',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const instant = typeof value === "string" ? new Date(value) : undefined;
    if (!instant || Number.isNaN(instant.getTime())) throw badUserInput(`Expected an instant like "2026-11-28T05:54:03Z", got ${JSON.stringify(value)}.`);
    return instant;
  },
});
