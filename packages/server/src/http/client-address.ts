import proxyAddr from "proxy-addr";
import { nodeRequestOf } from "./node-request.js";

/** The address a request came from, as anonymous rate limits count it. */
export type ClientAddressOf = (serverContext: unknown) => string;

/**
 * Reads the client's address from the socket, or — only when the socket's peer is one of the
 * `trustedProxies` (P3PD_TRUSTED_PROXIES: addresses and CIDR ranges) — from X-Forwarded-For: the
 * right-most address there that is not itself a trusted proxy, since each trusted hop appends the
 * address it received from and anything left of the last untrusted one is the client's to forge.
 * With no trusted proxies the header is never read. "local" for a request through `yoga.fetch`,
 * which has no socket.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressOf {
  const trust = proxyAddr.compile([...trustedProxies]);
  return (serverContext) => {
    const request = nodeRequestOf(serverContext);
    return request?.socket?.remoteAddress ? proxyAddr(request, trust) : "local";
  };
}

/** Whether every entry is an address or range proxy-addr understands (or one of its names: loopback, linklocal, uniquelocal). */
export function trustedProxiesProblem(entries: readonly string[]): string | undefined {
  try {
    proxyAddr.compile([...entries]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
