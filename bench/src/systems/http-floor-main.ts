/**
 * The HTTP floor: the least any HTTP API over this database can do per request. A bare node:http
 * server that reads the request body, parses it as JSON (a statement's name, text and values, the
 * same hand-written SQL the raw-SQL floor runs), runs it through a `pg` pool as a prepared
 * statement whose JSON PostgreSQL builds, and writes those bytes back inside `{"data": …}`
 * unparsed. No routing, validation, authentication or schema: what is left is HTTP, JSON and the
 * database, so "ours ÷ HTTP floor" is the price of the API itself.
 *
 * Like postgraphile-main.ts, it runs on Node's own type stripping and imports only packages.
 *
 *   node bench/src/systems/http-floor-main.ts <connection string> <pool size>
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";

const [connectionString, poolSize = "10"] = process.argv.slice(2);
if (!connectionString) {
  process.stderr.write("Usage: http-floor-main.ts <connection string> [pool size]\n");
  process.exit(2);
}

interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

const pool = new pg.Pool({ connectionString, max: Number(poolSize) });

function reply(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
}

/**
 * Runs one statement on a pooled connection. A statement the database refused leaves its
 * connection usable, so it goes back to the pool (pool.query would close it); a broken connection
 * does not.
 */
async function runStatement(statement: Statement): Promise<string | undefined> {
  const connection = await pool.connect();
  try {
    // Prepared under names of its own: an embedded database serves every connection in one session,
    // where the raw-SQL floor's pool may have prepared the same statements already.
    const result = await connection.query<{ json: string }>({ name: `floor_${statement.name}`, text: statement.text, values: statement.values });
    connection.release();
    return result.rows[0]?.json;
  } catch (error) {
    connection.release(error instanceof pg.DatabaseError ? undefined : error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const statement = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Statement;
  const json = await runStatement(statement);
  if (typeof json !== "string") throw new Error(`Statement ${statement.name} answered no json row`);
  reply(response, 200, `{"data":${json}}`);
}

const server = createServer((request, response) => {
  answer(request, response).catch((error: unknown) => {
    reply(response, 500, JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
  });
});
server.keepAliveTimeout = 60_000;
server.once("error", (error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`HTTP floor ready: http://127.0.0.1:${port}/\n`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  pool.end().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
