import { getArgumentValues, GraphQLError, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import { assertPageArgs, pageArgNames, type PageArgs } from "../schema/page-args.js";

/**
 * The paging arguments of every connection field in a document, checked before execution:
 * nested connections are planned into their parent's SQL query, so a resolver-time check would
 * come too late, and a bad page size should cost no database work at all.
 */
export function pageArgErrors(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field || !pageArgNames.every((name) => field.args.some((arg) => arg.name === name))) return;
        try {
          assertPageArgs(getArgumentValues(field, node, variables) as PageArgs);
        } catch (error) {
          // Variable coercion errors are left to execution, which reports them in its own words.
          if (error instanceof GraphQLError && error.extensions.code === "BAD_USER_INPUT") {
            errors.push(new GraphQLError(error.message, { nodes: node, extensions: error.extensions }));
          }
        }
      },
    }),
  );
  return errors;
}

export function usePageArgsValidation(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = pageArgErrors(args.schema, args.document, args.variableValues ?? {});
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
