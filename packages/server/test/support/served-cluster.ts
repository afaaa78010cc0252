import { startServeProcess, type ServeProcess } from "../../scripts/serve-process.js";
import { createPrismaClient, type PrismaClient } from "../../src/db/prisma.js";
import { startPostgresCluster, type PostgresCluster } from "./postgres-cluster.js";

/** The bootstrap ADMIN key (P3PD_ADMIN_KEY) of the servers these tests start. */
export const bootstrapKey = "reliability-bootstrap-key";

/**
 * `p3pd serve` processes, as operators run them, on a PostgreSQL cluster of the test's own — so
 * the reliability tests run the same on either pass of the suite, and may stop the database.
 */
export interface ServedCluster {
  cluster: PostgresCluster;
  /** The test's own connection, to set up rows and to check what the servers wrote. */
  prisma: PrismaClient;
  /** `/graphql` of the server at `index` (of those started, in order). */
  graphqlUrl(index: number): string;
  servers: ServeProcess[];
  /** Starts one more server on the cluster; the first one migrates and loads the tree. */
  startServer(): Promise<ServeProcess>;
  /** Stops the servers still running, then the cluster, and deletes it. */
  close(): Promise<void>;
}

const isRunning = (server: ServeProcess) => server.child.exitCode === null && server.child.signalCode === null;

/**
 * SIGTERM, as an operator stops it; SIGKILL if it has not exited after a while, so that a test
 * that failed with requests still waiting on the database does not hang in its clean-up.
 */
async function stopServer(server: ServeProcess): Promise<void> {
  const stopped = server.stop();
  const deadline = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
  await stopped;
  clearTimeout(deadline);
}

export async function startServedCluster(serverCount: number, env: NodeJS.ProcessEnv = {}): Promise<ServedCluster> {
  const cluster = await startPostgresCluster();
  const servers: ServeProcess[] = [];
  const prisma = createPrismaClient({ connectionString: cluster.url, engine: "postgresql", maxPoolSize: 4, close: async () => {} });
  const startServer = async () => {
    const server = await startServeProcess({ P3PD_ADMIN_KEY: bootstrapKey, ...env, DATABASE_URL: cluster.url });
    servers.push(server);
    return server;
  };
  const close = async () => {
    await Promise.all(servers.filter(isRunning).map(stopServer));
    await prisma.$disconnect();
    await cluster.destroy();
  };
  try {
    // One at a time: the first applies the migrations and loads the tree, the others find it done.
    for (let i = 0; i < serverCount; i++) await startServer();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    cluster,
    prisma,
    graphqlUrl: (index) => {
      const server = servers[index];
      if (!server) throw new Error(`No server ${index} was started`);
      return `${server.url}/graphql`;
    },
    servers,
    startServer,
    close,
  };
}
