/**
 * What the integration tests (packages/integration) use of the server, as `@p3pd/server/testing`:
 * starting it over the shared test database or a cluster of their own, making keys, and the
 * helpers that watch its database. The one way in, so no package reaches into the server's files.
 */
import type {} from "./global-setup.js";

export { createApiKey } from "../../src/access/api-keys.js";
export { keyCacheMs } from "../../src/access/key-cache.js";
export { startServer, type RunningServer } from "../../src/http/start-server.js";
export { createGraphQLServer } from "../../src/http/yoga.js";
export { repoRoot } from "../../src/paths.js";
export { silentProgress } from "../../src/progress.js";
export { startServeProcess, type ServeProcess } from "../../scripts/serve-process.js";
export { attacks, attackUntil, misanswered } from "./abuse-attacks.js";
export { openTransactions, sessionsWaitingOnLocks } from "./database-activity.js";
export { createFreshDatabase, testEngine, type FreshDatabase } from "./fresh-database.js";
export { testAdminKey } from "./graphql-api.js";
export { removeMarkedRows } from "./marked-rows.js";
export { rowIdOf } from "./row-id.js";
export { bootstrapKey, startServedCluster, type ServedCluster } from "./served-cluster.js";
export { sharedDatabase, sharedPrisma, startSharedServer, unlimitedRates } from "./shared-database.js";
export { waitFor } from "./wait-for.js";
