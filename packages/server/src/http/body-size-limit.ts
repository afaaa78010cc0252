import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

const yogaTooLargeCode = "REQUEST_ENTITY_TOO_LARGE";

/**
 * Says which limit a too-large request body broke. Yoga itself enforces `maxRequestBodySize`
 * (set to the same number), on the declared Content-Length and while streaming a body that
 * declares none, but answers only "Request body too large"; this plugin answers the declared
 * case first and rewords the streamed one, both as a 413.
 */
export function useBodySizeLimit(maxBytes: number): Plugin {
  const tooLarge = () =>
    new GraphQLError(`The request body exceeds the limit of ${maxBytes.toLocaleString("en-US")} bytes.`, {
      extensions: { code: yogaTooLargeCode, http: { status: 413 } },
    });
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      // A malformed Content-Length is not a number here; Yoga refuses it with a 400.
      if (Number(request.headers.get("content-length")) > maxBytes) throw tooLarge();
      if (!requestParser) return;
      setRequestParser(async (limitedRequest) => {
        try {
          return await requestParser(limitedRequest);
        } catch (error) {
          throw error instanceof GraphQLError && error.extensions.code === yogaTooLargeCode ? tooLarge() : error;
        }
      });
    },
  };
}
