/**
 * Before anything is measured, every system answers every scenario once and the answers must be
 * equal: a system that answered something else (less data, an error page) would be measured
 * doing less work. The test suite checks the same on the test database; this checks it on the
 * benchmark's own database, and the run aborts on a mismatch.
 */

/** The first place two JSON-like values differ, as a path ("stage.provinces[3].name: …"), or undefined when they are equal. */
export function firstDifference(expected: unknown, actual: unknown, path = "answer"): string | undefined {
  if (Object.is(expected, actual)) return undefined;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: ${expected.length} items, against ${actual.length}`;
    for (let index = 0; index < expected.length; index++) {
      const difference = firstDifference(expected[index], actual[index], `${path}[${index}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isRecord(expected) && isRecord(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of [...keys].sort()) {
      const difference = firstDifference(expected[key], actual[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  return `${path}: ${JSON.stringify(expected)}, against ${JSON.stringify(actual)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export class AnswersDiffer extends Error {}

/** Every answer must equal the first one (ours); throws naming the system and the first difference. */
export function assertSameAnswers(scenario: string, answers: { label: string; answer: unknown }[]): void {
  const [reference, ...others] = answers;
  if (!reference) return;
  for (const other of others) {
    const difference = firstDifference(reference.answer, other.answer);
    if (difference) throw new AnswersDiffer(`${scenario}: ${other.label} answered differently from ${reference.label}: ${difference}`);
  }
}
