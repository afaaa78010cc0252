import { builder } from "./builder.js";
import { badUserInput } from "./errors.js";

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day, "2024-06-18": no time, no zone. Stored as PostgreSQL `date`. */
builder.scalarType("Date", {
  description: 'A calendar day in ISO 8601 form, e.g. "2024-06-18".',
  serialize: (value) => value.toISOString().slice(0, 10),
  parseValue: (value) => {
    const date = typeof value === "string" && isoDatePattern.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      throw badUserInput(`Expected a date like "2024-06-18", got ${JSON.stringify(value)}.`);
    }
    return date;
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
