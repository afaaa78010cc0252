import type { Plugin } from "graphql-yoga";

/**
 * Yoga answers a POST it has no parser for (no or another content type) with a bare 415; this
 * says what to send instead.
 */
export function useUnsupportedMediaTypeMessage(): Plugin {
  return {
    onRequestParse({ request, requestParser, endResponse }) {
      if (requestParser || request.method !== "POST") return;
      const contentType = request.headers.get("content-type");
      const got = contentType ? `"${contentType}" is not supported` : "The request has no content type";
      const message = `${got}: send GraphQL as a JSON body with "Content-Type: application/json".`;
      endResponse(
        new Response(JSON.stringify({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] }), {
          status: 415,
          headers: { "content-type": "application/json; charset=utf-8" },
        }),
      );
    },
  };
}
