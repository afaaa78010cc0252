import type { DocumentTypeDecoration, TypedDocumentNode } from "@graphql-typed-document-node/core";

/**
 * A document's text typed with its result and variables, as the curated `…Document`s are: a plain
 * string (graphql-request, urql and `fetch` send it as it is), whose type alone carries the types.
 */
export type TypedDocumentText<Result, Variables> = string & DocumentTypeDecoration<Result, Variables>;

/** What the client sends: a curated `…Document`'s text, or a syntax tree such as a `graphql()` tag's. */
export type TypedDocument<Result, Variables> = TypedDocumentText<Result, Variables> | TypedDocumentNode<Result, Variables>;
