import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

/**
 * The variables argument of an operation, as a parameter list: optional when the operation has no
 * required variables (so `client.stages()` and `client.provinces()` need no argument), required
 * otherwise (so `client.province()` without a code does not compile).
 */
// `{}` is deliberate: an operation's variables are optional exactly when an empty object fits them.
export type VariablesArgs<Variables> = {} extends Variables ? [variables?: Variables] : [variables: Variables];

/** Sends one typed document and resolves to its `data`, typed by the document. */
export type RunOperation = <Result, Variables extends object>(
  document: TypedDocumentNode<Result, Variables>,
  ...variables: VariablesArgs<Variables>
) => Promise<Result>;
