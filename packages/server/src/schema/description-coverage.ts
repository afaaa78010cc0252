import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedDirective, isSpecifiedScalarType, type GraphQLSchema } from "graphql";

/** How much of a schema partners can read about: every element, and the ones with no description. */
export interface DescriptionCoverage {
  elements: number;
  undocumented: string[];
}

/**
 * Walks the schema's own types and directives (not graphql-js' built-in scalars, directives nor
 * introspection types) and lists, by schema coordinate (`Type.field(arg:)`, `Enum.VALUE`,
 * `@directive(arg:)`), every type (scalars and unions included), field, argument, input field,
 * enum value and directive whose description is missing or blank.
 */
export function descriptionCoverage(schema: GraphQLSchema): DescriptionCoverage {
  const coverage: DescriptionCoverage = { elements: 0, undocumented: [] };
  const visit = (coordinate: string, description: string | null | undefined) => {
    coverage.elements += 1;
    if (!description?.trim()) coverage.undocumented.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    visit(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        visit(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) visit(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) visit(`${type.name}.${field.name}`, field.description);
    if (isEnumType(type)) for (const value of type.getValues()) visit(`${type.name}.${value.name}`, value.description);
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    visit(`@${directive.name}`, directive.description);
    for (const arg of directive.args) visit(`@${directive.name}(${arg.name}:)`, arg.description);
  }
  return coverage;
}
