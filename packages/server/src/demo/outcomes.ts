import { completionOf } from "../cascade/completion-rule.js";
import type { TrainingLevel } from "../db/generated/prisma/enums.js";
import type { Random } from "./random.js";

export interface TrainingTerms {
  level: TrainingLevel;
  days: number;
  passThreshold: number;
}

/** An enrollment's attendance, scores and the flags the completion rule derives from them. */
export interface Outcome {
  daysAttended: number;
  preTestScore: number | null;
  postTestScore: number | null;
  completed: boolean;
  certifiedTrainer: boolean;
}

/**
 * A participant's attendance and scores, drawn to look like the program's: about 92% attend
 * every day; pre-tests spread over 40–70 and post-tests gain 15–40 points (so 55–95), and about
 * one in seven falls short of a 70 pass mark; half of those who missed days missed the post-test.
 * `assuredPass` draws a full-attendance pass instead (for the first ToT participant of each
 * kabupaten, so every kabupaten gets a certified trainer).
 * `completed` and `certifiedTrainer` then come from the program's own rule, never from here.
 */
export function participantOutcome(random: Random, terms: TrainingTerms, assuredPass = false): Outcome {
  const attendsAll = assuredPass || random.chance(0.92);
  const daysAttended = attendsAll ? terms.days : random.int(Math.max(0, terms.days - 2), terms.days - 1);
  const preTestScore = random.int(40, 70);
  const minimumGain = assuredPass ? Math.min(40, Math.max(15, terms.passThreshold - preTestScore)) : 15;
  const tookPostTest = attendsAll || random.chance(0.5);
  const postTestScore = tookPostTest ? Math.min(95, preTestScore + random.int(minimumGain, 40)) : null;
  const outcome = { daysAttended, preTestScore, postTestScore };
  return { ...outcome, ...completionOf({ ...terms, role: "PARTICIPANT", ...outcome }) };
}

/** A trainer is there every day, sits no test, and the rule neither completes nor certifies them. */
export function trainerOutcome(terms: TrainingTerms): Outcome {
  const outcome = { daysAttended: terms.days, preTestScore: null, postTestScore: null };
  return { ...outcome, ...completionOf({ ...terms, role: "TRAINER", ...outcome }) };
}
