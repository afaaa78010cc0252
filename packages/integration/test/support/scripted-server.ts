import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterEach } from "vitest";

/** One answer of the scripted server. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as plain text. */
  body?: object | string;
  /** Waits this long before answering (the client may give up first). */
  delayMs?: number;
}

/** A request the scripted server received. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` on arrival, to measure the waits between attempts. */
  receivedAt: number;
}

export interface ScriptedServer {
  /** The GraphQL endpoint, on loopback. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
}

/** A GraphQL answer with data, as a server would send it. */
export function ok(data: object, headers: Record<string, string> = {}): ScriptedResponse {
  return { status: 200, headers, body: { data } };
}

const openServers: { close(): Promise<void> }[] = [];

// Every server a test starts is closed after it, answered or not.
afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => server.close()));
});

/**
 * An HTTP server on 127.0.0.1 answering the n-th request with `script[n]`; a request beyond the
 * script gets a 500 (and is still recorded), so a test that sends too many sees it.
 */
export async function startScriptedServer(script: ScriptedResponse[]): Promise<ScriptedServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const receivedAt = performance.now();
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const answer = script[requests.length] ?? { status: 500, body: "unexpected request" };
      requests.push({ headers: request.headers, body, receivedAt });
      const send = () => {
        const json = typeof answer.body === "object";
        response.writeHead(answer.status, {
          "content-type": json ? "application/json" : "text/plain",
          ...answer.headers,
        });
        response.end(json ? JSON.stringify(answer.body) : answer.body);
      };
      if (!answer.delayMs) return send();
      const timer = setTimeout(send, answer.delayMs);
      // A client that gave up closes the connection: then there is no one to answer.
      response.on("close", () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  openServers.push({
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { url: `http://127.0.0.1:${portOf(server)}/graphql`, requests };
}

/** A loopback URL nothing listens on: a port the system just gave out and took back. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP server");
  return address.port;
}
