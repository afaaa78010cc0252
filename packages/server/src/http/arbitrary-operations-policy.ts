/**
 * Decides, per request, whether it may send a document's text ("arbitrary operation") rather than
 * the hash of a persisted one; a request it refuses gets PERSISTED_QUERY_ONLY for any text, and
 * can neither register a text for automatic persisted queries nor run one registered. Asked only
 * for requests that send text or a hash the manifest does not hold.
 */
export type ArbitraryOperationsPolicy = (request: Request) => boolean | Promise<boolean>;
