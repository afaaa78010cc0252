/**
 * What a scenario talks to. A GraphQL system (our server, PostGraphile) answers documents; the
 * raw-SQL floor answers prepared statements through `pg`. Scenarios are written against these
 * two interfaces only, so the same scenario code runs in the benchmark (over HTTP) and in the
 * test suite (our server in process).
 */
export interface GraphQLClient {
  /** Sends one operation; resolves to its `data`, rejects when the answer carries errors or is not 200. */
  request<Data>(query: string, variables?: Record<string, unknown>): Promise<Data>;
  /** GETs another path of the same server (`/export/coverage.csv?…`) with the same headers; resolves to its body, rejects unless it is 200. */
  getText(pathAndQuery: string): Promise<string>;
}

export interface SqlStatement {
  /** A prepared statement's name: each connection parses and plans it once, as a tuned client would. */
  name: string;
  text: string;
  values: readonly unknown[];
}

export interface SqlClient {
  /**
   * Runs a statement that answers one row whose single column `json` holds the whole answer,
   * built by the database (the floor includes building the JSON); resolves to it parsed.
   */
  json<Data>(statement: SqlStatement): Promise<Data>;
}

/** The error a GraphQL answer carried, with the first message, so a failed run says why. */
export class GraphQLAnswerError extends Error {}

/** The JSON body of a GraphQL answer: its data, or an error naming the first of its errors. */
export function dataOf<Data>(status: number, body: string): Data {
  let parsed: { data?: Data | null; errors?: { message?: string }[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new GraphQLAnswerError(`HTTP ${status}, not JSON: ${body.slice(0, 200)}`);
  }
  if (parsed.errors?.length) throw new GraphQLAnswerError(`HTTP ${status}: ${parsed.errors[0]?.message ?? JSON.stringify(parsed.errors[0])}`);
  if (status !== 200 || parsed.data === undefined || parsed.data === null) throw new GraphQLAnswerError(`HTTP ${status} without data: ${body.slice(0, 200)}`);
  return parsed.data;
}
