/**
 * How long a process trusts an API key's row it read, in ms: the longest a key revoked elsewhere
 * (`p3pd keys revoke`, another server process) still works here. Revoking through this process's
 * API forgets it at once (forgetApiKey).
 */
export const keyCacheMs = 2_000;

/** Keys whose rows are kept; past this the oldest read is dropped first. */
const maxEntries = 10_000;

/**
 * The rows of the API keys a process was called with lately, so a client sending many requests
 * costs one lookup every `keyCacheMs` instead of one per request. Only rows that exist are kept:
 * a key made a moment ago is found at its first use. An entry's age counts from when its read
 * began, and a read that began before a `forget` keeps nothing, so a row read just before a
 * revocation committed cannot outlive it here.
 */
export class KeyCache<Row> {
  private readonly entries = new Map<string, { row: Row; readAt: number }>();
  private generation = 0;

  constructor(
    private readonly read: (prefix: string) => Promise<Row | undefined>,
    private readonly ttlMs = keyCacheMs,
  ) {}

  async get(prefix: string): Promise<Row | undefined> {
    const cached = this.entries.get(prefix);
    if (cached && Date.now() - cached.readAt < this.ttlMs) return cached.row;
    const generation = this.generation;
    const readAt = Date.now();
    const row = await this.read(prefix);
    this.entries.delete(prefix);
    if (row !== undefined && generation === this.generation) {
      this.entries.set(prefix, { row, readAt });
      if (this.entries.size > maxEntries) this.dropOldest();
    }
    return row;
  }

  /** Reads the key's row afresh at its next use, and keeps no read already under way. */
  forget(prefix: string): void {
    this.generation++;
    this.entries.delete(prefix);
  }

  private dropOldest(): void {
    const oldest = this.entries.keys().next().value;
    if (oldest !== undefined) this.entries.delete(oldest);
  }
}
