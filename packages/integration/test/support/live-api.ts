import { afterAll, beforeAll } from "vitest";
import { startSharedServer } from "@p3pd/server/testing";
import { createClient, type ClientOptions, type P3pdClient } from "@p3pd/sdk";

type RunningServer = Awaited<ReturnType<typeof startSharedServer>>;

export interface LiveApi {
  /** A client of the live server, over real HTTP. */
  readonly client: P3pdClient;
  /** The GraphQL endpoint, e.g. http://127.0.0.1:PORT/graphql. */
  readonly graphqlUrl: string;
  /** The server's own database handle, to check answers against the stored rows. */
  readonly server: RunningServer;
}

/**
 * Starts a real HTTP server over the shared test database before the file's tests and stops it
 * after them. The returned object is filled in by `beforeAll`, so read it inside tests only.
 */
export function useLiveApi(clientOptions: Omit<ClientOptions, "url"> = {}): LiveApi {
  let server: RunningServer | undefined;
  let client: P3pdClient | undefined;
  beforeAll(async () => {
    server = await startSharedServer();
    client = createClient({ url: `${server.url}/graphql`, ...clientOptions });
  });
  afterAll(() => server?.close());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("The live server is not running: use it inside a test.");
    return value;
  };
  return {
    get client() {
      return started(client);
    },
    get graphqlUrl() {
      return `${started(server).url}/graphql`;
    },
    get server() {
      return started(server);
    },
  };
}
