import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { GraphiQLOptions } from "graphql-yoga";

/**
 * GraphiQL as one self-contained page: @graphql-yoga/render-graphiql inlines its JavaScript, CSS,
 * editor workers (as blob URLs) and favicon (a data URL), where Yoga's default page loads them
 * from a public CDN and is blank on a machine without internet. The page is about 9 MB, so each
 * distinct set of options is rendered once per process, not per request.
 */
export function localGraphiQLRenderer(): (options?: GraphiQLOptions) => string {
  const rendered = new Map<string, string>();
  return (options) => {
    const key = JSON.stringify(options ?? {});
    let page = rendered.get(key);
    if (page === undefined) {
      page = renderGraphiQL(options);
      rendered.set(key, page);
    }
    return page;
  };
}
