import { useGraphQlJit } from "@envelop/graphql-jit";
import {
  getNamedType,
  getOperationAST,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type NamedTypeNode,
  type SelectionSetNode,
} from "graphql";
import { fragmentsOf } from "./document-fragments.js";

/**
 * Most fields a compiled operation may hold. graphql-jit writes code for every field under every
 * type it may meet, so fields of an interface are compiled once per implementing type, and a
 * chain of 13 `parent` fields (a Region, four possible types each) would be 4^13 copies: such an
 * operation runs in graphql-js' executor instead. Every operation our SDK sends holds a few
 * hundred fields at most.
 */
export const compiledFieldBudget = 5_000;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  /** Fields left before the operation is too big to compile. */
  left: number;
}

function appliesTo(condition: NamedTypeNode | undefined, type: GraphQLObjectType, schema: GraphQLSchema): boolean {
  if (!condition) return true;
  const conditionType = schema.getType(condition.name.value);
  if (!conditionType) return false;
  return conditionType === type || (isAbstractType(conditionType) && schema.isSubType(conditionType, type));
}

/** Spends a field of the budget for every field the compiler would write code for under `type`. */
function countCompiledFields(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLObjectType): void {
  for (const selection of selectionSet.selections) {
    if (walk.left < 0) return;
    if (selection.kind === Kind.FIELD) {
      walk.left -= 1;
      const field = type.getFields()[selection.name.value];
      if (!selection.selectionSet || !field) continue;
      const fieldType = getNamedType(field.type);
      const possibleTypes = isAbstractType(fieldType) ? walk.schema.getPossibleTypes(fieldType) : isObjectType(fieldType) ? [fieldType] : [];
      for (const possibleType of possibleTypes) countCompiledFields(walk, selection.selectionSet, possibleType);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (appliesTo(selection.typeCondition, type, walk.schema)) countCompiledFields(walk, selection.selectionSet, type);
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment && appliesTo(fragment.typeCondition, type, walk.schema)) countCompiledFields(walk, fragment.selectionSet, type);
    }
  }
}

/** Whether the operation's compiled form stays within `compiledFieldBudget` fields. */
export function isSmallEnoughToCompile(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  const rootType = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !rootType) return false;
  const walk: Walk = { schema, fragments: fragmentsOf(document), left: compiledFieldBudget };
  countCompiledFields(walk, operation.selectionSet, rootType);
  return walk.left >= 0;
}

/**
 * Runs operations as compiled JavaScript (graphql-jit, compiled once per document and cached with
 * it): a deep tree's thousands of fields cost a third less than in graphql-js' interpreter. Only
 * operations within `compiledFieldBudget` are compiled; the rest run as before. The plugin asks
 * on every execution, and Yoga's parse cache hands the same document back for the same text, so
 * the answer is kept per document and operation rather than walked again each time.
 */
export function useCompiledExecution() {
  const verdicts = new WeakMap<DocumentNode, Map<string, boolean>>();
  return useGraphQlJit(
    {},
    {
      enableIf: ({ schema, document, operationName }) => {
        let byOperation = verdicts.get(document);
        if (!byOperation) verdicts.set(document, (byOperation = new Map()));
        const key = operationName ?? "";
        let verdict = byOperation.get(key);
        if (verdict === undefined) byOperation.set(key, (verdict = isSmallEnoughToCompile(schema, document, operationName)));
        return verdict;
      },
    },
  );
}
