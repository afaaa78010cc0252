import { GraphQLError } from "graphql";
import type { FetchAPI, Plugin } from "graphql-yoga";
import { nodeRequestOf } from "./node-request.js";

/** Only a single non-negative integer is a Content-Length (several joined by commas smell of request smuggling). */
const contentLengthPattern = /^\d+$/;

/** The same request, its body cut off with `tooLarge` once more than `maxBytes` have streamed in. */
function withLimitedBody(request: Request, maxBytes: number, tooLarge: () => GraphQLError, fetchApi: FetchAPI): Request {
  if (!request.body) return request;
  // A native stream (yoga.fetch) pipes through the native transform, the server's own through its ponyfill.
  const Transform = request.body instanceof ReadableStream ? TransformStream : fetchApi.TransformStream;
  let bytesRead = 0;
  const limited = request.body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytesRead += chunk.byteLength;
        if (bytesRead > maxBytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  // A streamed body needs `duplex`, which the DOM's RequestInit type does not declare yet.
  const init: RequestInit & { duplex: "half" } = { method: request.method, headers: request.headers, signal: request.signal, body: limited, duplex: "half" };
  return new fetchApi.Request(request.url, init);
}

/**
 * Refuses a request body over `maxBytes` with a 413 that names the limit: by its declared
 * Content-Length before anything is read, and while streaming a body that declares none (or that
 * came through `yoga.fetch`). A body whose length Node's parser already bounds is not streamed
 * through a counter: Yoga's own limit does that for every request, a transform stream and the
 * DOMException its pipeline makes on every finish, which is most of the work of a small query.
 * Yoga's limit is therefore off (`maxRequestBodySize: false`).
 */
export function useBodySizeLimit(maxBytes: number): Plugin {
  const tooLarge = () =>
    new GraphQLError(`The request body exceeds the limit of ${maxBytes.toLocaleString("en-US")} bytes.`, {
      extensions: { code: "REQUEST_ENTITY_TOO_LARGE", http: { status: 413 } },
    });
  return {
    onRequestParse({ request, serverContext, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get("content-length");
      if (declared !== null) {
        if (!contentLengthPattern.test(declared)) {
          throw new GraphQLError("The Content-Length header is not a byte count.", { extensions: { code: "BAD_REQUEST", http: { status: 400 } } });
        }
        if (Number(declared) > maxBytes) throw tooLarge();
        // Node's HTTP parser reads exactly the declared length as the body; a fetch Request promises nothing.
        if (nodeRequestOf(serverContext)) return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser((parsed) => requestParser(withLimitedBody(parsed, maxBytes, tooLarge, fetchAPI)));
    },
  };
}
