import { beforeAll, inject } from "vitest";
import { createPrismaClient } from "../../src/db/prisma.js";
import { preparePersonalData } from "../../src/personal-data/prepare.js";

// Every test file reads and writes people through the same code as the server, which needs this
// process's data keys installed (the server and the CLI install theirs at start). This file runs
// before each test file and must import nothing a test file mocks (vi.mock cannot replace a module
// loaded before it): shared-database.ts would load the HTTP server, so the database comes from inject.
beforeAll(async () => {
  const database = inject("testDatabase");
  const prisma = createPrismaClient({ ...database, close: async () => {} });
  try {
    await preparePersonalData(prisma, database);
  } finally {
    await prisma.$disconnect();
  }
});
