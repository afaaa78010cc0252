import type { GraphiQLOptions } from "graphql-yoga";

/**
 * GraphiQL as one self-contained page: @graphql-yoga/render-graphiql inlines its JavaScript, CSS,
 * editor workers (as blob URLs) and favicon (a data URL), where Yoga's default page loads them
 * from a public CDN and is blank on a machine without internet. The page is about 9 MB, so each
 * distinct set of options is rendered once per process, not per request. The module is loaded on
 * the first request for the page, not at start: it holds its 9 MB bundle as a string, kept twice
 * (the module's source text and the string itself, about 28 MiB of heap), which a server that
 * never shows GraphiQL would carry for nothing.
 */
export function localGraphiQLRenderer(): (options?: GraphiQLOptions) => Promise<string> {
  const rendered = new Map<string, Promise<string>>();
  return (options) => {
    const key = JSON.stringify(options ?? {});
    let page = rendered.get(key);
    if (page === undefined) {
      page = import("@graphql-yoga/render-graphiql").then(({ renderGraphiQL }) => renderGraphiQL(options));
      rendered.set(key, page);
    }
    return page;
  };
}
