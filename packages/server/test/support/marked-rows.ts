import type { PrismaClient } from "../../src/db/prisma.js";

/**
 * Removes what a test made on a shared database, found by the marker in its trainings' titles and
 * its people's names: enrollments go before the people they hold, so no foreign key refuses.
 */
export async function removeMarkedRows(prisma: PrismaClient, marker: string): Promise<void> {
  await prisma.training.deleteMany({ where: { title: { contains: marker } } });
  await prisma.enrollment.deleteMany({ where: { person: { fullName: { contains: marker } } } });
  await prisma.person.deleteMany({ where: { fullName: { contains: marker } } });
}
