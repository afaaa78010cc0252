import { afterAll, describe, expect, it } from "vitest";
import { createTestApi } from "./support/graphql-api.js";
import { rowIdOf } from "./support/row-id.js";

/**
 * The cascade's rules under concurrent writers: scores and attendance change only while a training
 * is open, and completion is computed from the final scores and attendance. Each round races
 * `completeTraining` against score and attendance writes to the same training, on whichever
 * engine the suite runs (PGlite interleaves the statements of concurrent requests on its one
 * connection; PostgreSQL runs them side by side).
 */
const api = createTestApi();
const marker = `race-${process.pid}-${Date.now().toString(36)}`;
const rounds = 12;
const passThreshold = 70;
const trainingDays = 2;

const created = { trainings: [] as string[], people: [] as string[] };
afterAll(async () => {
  await api.prisma.training.deleteMany({ where: { id: { in: created.trainings } } });
  await api.prisma.person.deleteMany({ where: { id: { in: created.people } } });
  await api.close();
});

interface Answer {
  __typename: string;
  data?: { id: string };
}

async function mutate(field: string, signature: string, call: string, variables: Record<string, unknown>): Promise<Answer> {
  const success = `${field[0]!.toUpperCase()}${field.slice(1)}Success`;
  const response = await api.query<Record<string, Answer>>(`mutation (${signature}) { ${field}(${call}) { __typename ... on ${success} { data { id } } } }`, variables);
  expect(response.errors).toBeUndefined();
  return response.data![field]!;
}

async function mustSucceed(answer: Promise<Answer>): Promise<string> {
  const { __typename, data } = await answer;
  expect(__typename).toMatch(/Success$/);
  return data!.id;
}

const recordScores = (enrollmentId: string, postTestScore: number) =>
  mutate("recordScores", "$id: ID!, $post: Int", "enrollmentId: $id, postTestScore: $post", { id: enrollmentId, post: postTestScore });
const recordAttendance = (enrollmentId: string, days: number) =>
  mutate("recordAttendance", "$id: ID!, $days: Int!", "enrollmentId: $id, daysAttended: $days", { id: enrollmentId, days });

/** A two-day kecamatan training with a participant per score in `scores`, each present on both days. */
async function trainingWithParticipants(round: number, scores: number[]): Promise<{ trainingId: string; enrollmentIds: string[] }> {
  const trainingId = await mustSucceed(
    mutate("createTraining", "$input: CreateTrainingInput!", "input: $input", {
      input: { level: "KECAMATAN_TRAINING", regionCode: "73.71", title: `Race ${round} ${marker}`, startsOn: "2024-09-02", endsOn: "2024-09-03", passThreshold },
    }),
  );
  created.trainings.push(rowIdOf(trainingId));
  const enrollmentIds: string[] = [];
  for (const [index, score] of scores.entries()) {
    const personId = await mustSucceed(
      mutate("registerPerson", "$input: RegisterPersonInput!", "input: $input", {
        input: { fullName: `Peserta ${round}-${index} ${marker}`, institution: "KECAMATAN", homeRegionCode: "73.71.01" },
      }),
    );
    created.people.push(rowIdOf(personId));
    const enrollmentId = await mustSucceed(mutate("enroll", "$input: EnrollInput!", "input: $input", { input: { trainingId, personId, role: "PARTICIPANT" } }));
    await mustSucceed(recordAttendance(enrollmentId, trainingDays));
    await mustSucceed(recordScores(enrollmentId, score));
    enrollmentIds.push(enrollmentId);
  }
  return { trainingId, enrollmentIds };
}

describe("writes racing completeTraining", () => {
  it(`never change a completed training's scores or attendance, and completion always follows the final ones (${rounds} rounds)`, async () => {
    for (let round = 0; round < rounds; round++) {
      // Two participants who fail, then race to pass; two who pass, then race to miss a day.
      const { trainingId, enrollmentIds } = await trainingWithParticipants(round, [50, 50, 90, 90]);
      const [failing1, failing2, passing1, passing2] = enrollmentIds as [string, string, string, string];
      const racers = [
        { enrollmentId: failing1, write: () => recordScores(failing1, 90), written: { postTestScore: 90 } },
        { enrollmentId: failing2, write: () => recordScores(failing2, 95), written: { postTestScore: 95 } },
        { enrollmentId: passing1, write: () => recordAttendance(passing1, 1), written: { daysAttended: 1 } },
        { enrollmentId: passing2, write: () => recordAttendance(passing2, 1), written: { daysAttended: 1 } },
      ];
      const [completion, ...answers] = await Promise.all([
        mutate("completeTraining", "$id: ID!", "id: $id", { id: trainingId }),
        ...racers.map((racer) => racer.write()),
      ]);
      expect(completion!.__typename).toBe("CompleteTrainingSuccess");

      const training = await api.prisma.training.findUniqueOrThrow({ where: { id: rowIdOf(trainingId) } });
      expect(training.status).toBe("COMPLETED");
      for (const [index, racer] of racers.entries()) {
        const enrollment = await api.prisma.enrollment.findUniqueOrThrow({ where: { id: rowIdOf(racer.enrollmentId) } });
        const answer = answers[index]!;
        // A write either landed before completion (and counted in it) or was refused as too late.
        if (answer.__typename === "ConflictError") expect(enrollment).not.toMatchObject(racer.written);
        else {
          expect(answer.__typename).toMatch(/Success$/);
          expect(enrollment).toMatchObject(racer.written);
        }
        const shouldComplete = enrollment.daysAttended >= trainingDays && (enrollment.postTestScore ?? 0) >= passThreshold;
        expect({ round, racer: index, completed: enrollment.completed }).toEqual({ round, racer: index, completed: shouldComplete });
      }
    }
  });
});
