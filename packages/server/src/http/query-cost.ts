import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  getNamedType,
  isCompositeType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type ExecutionArgs,
  type FieldNode,
  type GraphQLError,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { defaultPageSize, pageArgNames, type PageArgs } from "../schema/page-args.js";
import { isReportRollUp, reportNodes } from "../schema/field-costs.js";
import { argumentTextProblems } from "./argument-checks.js";
import { fragmentsOf } from "./document-fragments.js";

/** What one operation may cost at worst, measured on the document before anything runs. */
export interface QueryCost {
  /** Levels of nested fields: `{ a { b } }` is 2. */
  depth: number;
  /** Aliased fields, counting a fragment once per place it is spread. */
  aliases: number;
  /**
   * Worst-case objects returned by connections: each connection counts its page size (`first`,
   * else `last`, else the default page) times the page sizes of the connections around it.
   * Other fields, plain lists included, multiply by 1.
   */
  nodes: number;
  /**
   * Report roll-ups (fields marked `reportRollUp`, such as `coverage`), counted like nodes: one
   * per field, times the page sizes of the connections around it. Each also counts
   * `reportNodes` nodes, since one costs the database what a large page does.
   */
  reports: number;
}

/** A connection field met on the walk, with its paging arguments as execution will see them. */
export interface ConnectionArguments {
  node: FieldNode;
  /** The type the connection pages over (`Person` for a PersonConnection), whose keys its cursors carry. */
  itemTypename: string | undefined;
  /** Undefined when its arguments do not coerce: execution reports that in its own words. */
  pageArgs: PageArgs | undefined;
}

/** What one walk over an operation finds: its cost, every connection field it met, and its arguments' text problems. */
export interface OperationInspection {
  cost: QueryCost;
  connections: ConnectionArguments[];
  /** Strings over their limit or with forbidden characters (see argument-checks.ts). */
  textProblems: GraphQLError[];
  /** Variables that do not coerce to their declared types, in graphql-js' words (which keep a scalar's own message). */
  variableProblems: readonly GraphQLError[];
}

const nothing: QueryCost = { depth: 0, aliases: 0, nodes: 0, reports: 0 };

/** Siblings: the deepest branch, and the sum of everything else. */
function together(a: QueryCost, b: QueryCost): QueryCost {
  return { depth: Math.max(a.depth, b.depth), aliases: a.aliases + b.aliases, nodes: a.nodes + b.nodes, reports: a.reports + b.reports };
}

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  return pageArgNames.every((name) => field.args.some((arg) => arg.name === name));
}

/** The type of a connection's `nodes`. */
function itemTypenameOf(connection: GraphQLField<unknown, unknown>): string | undefined {
  const type = getNamedType(connection.type);
  const nodes = isObjectType(type) ? type.getFields().nodes : undefined;
  return nodes && getNamedType(nodes.type).name;
}

function fieldDefinition(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return "getFields" in parent ? parent.getFields()[name] : undefined;
}

/**
 * Measures the operation in one pass over its selections, following fragment spreads and inline
 * fragments, and collects its connection fields with their paging arguments on the way (so the
 * page checks need no walk of their own). A fragment is measured once and reused wherever it is
 * spread, so fragments that spread each other many times cannot make the walk itself expensive;
 * a spread that would recurse (which validation rejects anyway) counts as nothing.
 */
export function inspectOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): OperationInspection {
  const connections: ConnectionArguments[] = [];
  const textProblems: GraphQLError[] = [];
  // No single operation to run: execution says so, and runs nothing.
  const operation = getOperationAST(document, operationName);
  if (!operation) return { cost: nothing, connections, textProblems, variableProblems: [] };
  const fragments = fragmentsOf(document);
  const measured = new Map<string, QueryCost>();
  const inProgress = new Set<string>();

  // Variables as execution will see them (defaults applied). If they do not coerce, the request is
  // refused before any resolver runs (argument-validation.ts), so page sizes fall back to the default.
  const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const variableValues = coercion.coerced ?? {};
  const variableProblems = coercion.errors ?? [];

  /** A field's arguments as execution will see them, having checked their text; undefined when they do not coerce. */
  function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> | undefined {
    if (field.args.length === 0) return {};
    try {
      const values = getArgumentValues(field, node, variableValues);
      textProblems.push(...argumentTextProblems(field, node, values));
      return values;
    } catch {
      // A required argument whose variable did not coerce: see above.
      return undefined;
    }
  }

  /** The connection's page size, having noted its paging arguments. */
  function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode, pageArgs: PageArgs | undefined): number {
    connections.push({ node, pageArgs, itemTypename: itemTypenameOf(field) });
    const size = pageArgs?.first ?? pageArgs?.last;
    return typeof size === "number" ? size : defaultPageSize;
  }

  function fragment(name: string): QueryCost {
    const known = measured.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition || inProgress.has(name)) return nothing;
    inProgress.add(name);
    const type = schema.getType(definition.typeCondition.name.value);
    const cost = isCompositeType(type) ? selections(definition.selectionSet, type) : nothing;
    inProgress.delete(name);
    measured.set(name, cost);
    return cost;
  }

  function selections(selectionSet: SelectionSetNode, parent: GraphQLCompositeType): QueryCost {
    let cost = nothing;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        cost = together(cost, fragment(selection.name.value));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(type)) cost = together(cost, selections(selection.selectionSet, type));
      } else {
        const field = fieldDefinition(schema, parent, selection.name.value);
        const fieldArguments = field && argumentsOf(field, selection);
        const type = field && getNamedType(field.type);
        const below = selection.selectionSet && isCompositeType(type) ? selections(selection.selectionSet, type) : nothing;
        const report = field && isReportRollUp(field.extensions) ? 1 : 0;
        const own = { nodes: below.nodes + report * reportNodes, reports: below.reports + report };
        // A connection returns up to a page of objects, each with everything selected below it.
        const page = field && isConnection(field) ? pageSize(field, selection, fieldArguments) : undefined;
        const nodes = page === undefined ? own.nodes : page * (1 + own.nodes);
        const reports = page === undefined ? own.reports : page * own.reports;
        cost = together(cost, { depth: below.depth + 1, aliases: below.aliases + (selection.alias ? 1 : 0), nodes, reports });
      }
    }
    return cost;
  }

  const root = schema.getRootType(operation.operation);
  return { cost: root ? selections(operation.selectionSet, root) : nothing, connections, textProblems, variableProblems };
}

/** The operation's cost alone. */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): QueryCost {
  return inspectOperation(schema, document, operationName, variables).cost;
}

const inspectedExecutions = new WeakMap<ExecutionArgs, OperationInspection>();

/**
 * The operation an execution runs, inspected once per execution: the page checks, the query
 * limits and the rate limit all need it, and each would otherwise walk the document again. Keyed
 * by the execution's arguments, which every plugin of one execution shares, so an execution whose
 * arguments a plugin replaced is inspected afresh.
 */
export function inspectExecution(args: ExecutionArgs): OperationInspection {
  const known = inspectedExecutions.get(args);
  if (known) return known;
  const inspection = inspectOperation(args.schema, args.document, args.operationName, args.variableValues ?? {});
  inspectedExecutions.set(args, inspection);
  return inspection;
}

/** The cost of the operation an execution runs (see inspectExecution). */
export function measureExecution(args: ExecutionArgs): QueryCost {
  return inspectExecution(args).cost;
}
