import { Agent, request } from "node:http";
import { dataOf, type GraphQLClient, type SqlClient, type SqlStatement } from "./clients.js";

interface JsonPoster {
  /** POSTs `body` as JSON; resolves to the answer's `data` (see dataOf). */
  post<Data>(body: string): Promise<Data>;
  /** GETs another path of the same host; resolves to the body of a 200. */
  get(pathAndQuery: string): Promise<string>;
  /** Closes the kept-alive sockets. */
  close(): void;
}

/**
 * JSON over HTTP with kept-alive sockets (one per concurrent request, as a load generator or a
 * busy partner app holds them), through node:http: lighter than fetch, so the client's own cost
 * stays small next to the servers' on this 2-core machine. Every HTTP contender is asked through it.
 */
function keptAliveJsonPoster(url: string, headers: Record<string, string>): JsonPoster {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(url);
  /** One POST; `retried` once it has been sent again after a reused socket was found closed. */
  const post = <Data>(body: string, retried: boolean): Promise<Data> =>
    new Promise<Data>((resolve, reject) => {
      const outgoing = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: { ...headers, "content-type": "application/json", accept: "application/json", "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            try {
              resolve(dataOf<Data>(response.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      outgoing.on("error", (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed as idle (its keep-alive timeout) just as we reused it:
        // the request never reached the server, so sending it again is what any HTTP client does.
        if (outgoing.reusedSocket && error.code === "ECONNRESET" && !retried) post<Data>(body, true).then(resolve, reject);
        else reject(error);
      });
      outgoing.end(body);
    });
  const get = (pathAndQuery: string, retried: boolean): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const outgoing = request({ agent, host: target.hostname, port: target.port, path: pathAndQuery, method: "GET", headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          if (response.statusCode === 200) resolve(body);
          else reject(new Error(`GET ${pathAndQuery}: HTTP ${response.statusCode ?? 0}: ${body.slice(0, 200)}`));
        });
      });
      outgoing.on("error", (error: NodeJS.ErrnoException) => {
        // As for a POST: a kept-alive socket closed as idle just as it was reused.
        if (outgoing.reusedSocket && error.code === "ECONNRESET" && !retried) get(pathAndQuery, true).then(resolve, reject);
        else reject(error);
      });
      outgoing.end();
    });
  return { post: (body) => post(body, false), get: (pathAndQuery) => get(pathAndQuery, false), close: () => agent.destroy() };
}

export interface HttpGraphQLClient extends GraphQLClient {
  /** Closes the kept-alive sockets. */
  close(): void;
}

/** A GraphQL server over HTTP (ours, PostGraphile). */
export function httpGraphQLClient(url: string, headers: Record<string, string> = {}): HttpGraphQLClient {
  const poster = keptAliveJsonPoster(url, headers);
  return {
    request: <Data>(query: string, variables?: Record<string, unknown>) => poster.post<Data>(JSON.stringify({ query, variables })),
    getText: (pathAndQuery: string) => poster.get(pathAndQuery),
    close: () => poster.close(),
  };
}

export interface HttpSqlClient extends SqlClient {
  /** Closes the kept-alive sockets. */
  close(): void;
}

/** The HTTP floor (http-floor-main.ts): each statement sent as the body of one request. */
export function httpFloorClient(url: string): HttpSqlClient {
  const poster = keptAliveJsonPoster(url, {});
  return {
    json: <Data>(statement: SqlStatement) => poster.post<Data>(JSON.stringify(statement)),
    close: () => poster.close(),
  };
}
