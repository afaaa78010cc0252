import { createHash, timingSafeEqual } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import type { ServerMetrics } from "../observability/metrics.js";
import { errorResponse } from "./error-response.js";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * `GET /metrics` in Prometheus' text format, for a scraper that sends `Authorization: Bearer
 * <P3PD_METRICS_TOKEN>`; anything else gets 401. It answers before authentication reads the
 * header as an API key, and while the server starts or drains.
 */
export function useMetricsEndpoint(metrics: ServerMetrics, token: string): Plugin {
  const expected = digest(`Bearer ${token}`);
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== "/metrics") return;
      const authorization = request.headers.get("authorization") ?? "";
      // Compared as digests, in constant time: neither the token's length nor its bytes leak through timing.
      if (!timingSafeEqual(digest(authorization), expected)) {
        return endResponse(
          errorResponse(401, "The metrics need `Authorization: Bearer <P3PD_METRICS_TOKEN>`.", "UNAUTHENTICATED", { "www-authenticate": 'Bearer realm="p3pd-metrics"' }, request.headers.get("accept")),
        );
      }
      endResponse(new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } }));
    },
  };
}
