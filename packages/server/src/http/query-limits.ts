import { GraphQLError, Lexer, Source, TokenKind } from "graphql";
import type { Plugin } from "graphql-yoga";
import { defaultPageSize } from "../schema/page-args.js";
import { measureExecution, type QueryCost } from "./query-cost.js";

/**
 * What one request may ask for (see docs/api.md, "Limits"). The node limit is GitHub's; the README's
 * deep tree (stage → provinces → 10 kabupaten → 10 kecamatan → 10 villages) costs 1,110 nodes
 * and depth 10, and written with `edges { node }` instead of `nodes`, depth 13.
 */
export const queryLimits = {
  tokens: 2_000,
  depth: 15,
  aliases: 30,
  nodes: 500_000,
  /** Report roll-ups (coverage fields), each a set of aggregate statements over the cascade. */
  reports: 10,
} as const;

const count = (value: number) => value.toLocaleString("en-US");

function tooComplex(message: string): GraphQLError {
  // Like a validation error: 400 for graphql-response+json, 200 for plain JSON clients.
  return new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { spec: true, status: 400 } } });
}

/** Lexes no further than one token past the limit, so an oversized document costs no more than that. */
function exceedsTokenLimit(source: string | Source): boolean {
  const lexer = new Lexer(typeof source === "string" ? new Source(source) : source);
  try {
    for (let tokens = 0; tokens <= queryLimits.tokens; tokens++) {
      if (lexer.advance().kind === TokenKind.EOF) return false;
    }
    return true;
  } catch {
    // A lexical error within the limit: the parser reports it in its own words.
    return false;
  }
}

function overLimit(cost: QueryCost): string | undefined {
  if (cost.depth > queryLimits.depth) return `Query depth ${count(cost.depth)} exceeds the limit of ${count(queryLimits.depth)}.`;
  if (cost.aliases > queryLimits.aliases) return `Query uses ${count(cost.aliases)} aliases, more than the limit of ${count(queryLimits.aliases)}.`;
  if (cost.nodes > queryLimits.nodes) {
    return (
      `Query may return ${count(cost.nodes)} nodes, more than the limit of ${count(queryLimits.nodes)} ` +
      `(first/last multiplied along nested connections, ${defaultPageSize} where neither is given).`
    );
  }
  if (cost.reports > queryLimits.reports) {
    return `Query may compute ${count(cost.reports)} coverage roll-ups, more than the limit of ${count(queryLimits.reports)} (each coverage field counts once per object of the connections around it).`;
  }
  return undefined;
}

/**
 * Refuses a document that is too long, too deep, too wide with aliases, or would return too
 * many objects, before any resolver runs: tokens before the parser builds a syntax tree, the
 * rest in one walk over the operation once variables are known. The answer is a
 * QUERY_TOO_COMPLEX error naming the limit and what the document asked for.
 */
export function useQueryLimits(): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      // Yoga's parse cache keeps each document's outcome, refusals included, so this runs once per document.
      setParseFn((source, options) => {
        if (exceedsTokenLimit(source)) throw tooComplex(`Query exceeds the limit of ${count(queryLimits.tokens)} tokens.`);
        return parseFn(source, options);
      });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const problem = overLimit(measureExecution(args));
      if (problem) setResultAndStopExecution({ errors: [tooComplex(problem)] });
    },
  };
}
