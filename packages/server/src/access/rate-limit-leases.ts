import type { PrismaClient } from "../db/prisma.js";
import { chargePoints, type RateLimitState } from "./rate-limit-store.js";

/** A charge's outcome: whether the request may run, and where its subject's window stands. */
export interface RateLimitCharge extends RateLimitState {
  allowed: boolean;
}

/**
 * Points of a subject's window that this process took from the shared store and has not spent
 * yet. They count as used in the store from the moment they are taken, so no other process can
 * grant them: processes together never grant more than the limit.
 */
interface Lease {
  resetsAt: Date;
  unspent: number;
  /** The window's points taken by every process, as the store said at this process's last charge. */
  windowUsed: number;
}

/** Leases of ended windows are dropped once this many subjects have one (anonymous callers are one subject per address). */
const sweepAbove = 10_000;

/**
 * How many points a process takes beyond a request's cost when it goes to the store: 1% of the
 * window (at most 100). A key of 5,000 points an hour reaches the store once per 50 points
 * instead of on every request, and at most 1% of a window stays unspent in a process when the
 * window ends. Below 100 points a window there is no lease: every request charges the store.
 */
export const leaseBlock = (limit: number) => Math.min(100, Math.floor(limit / 100));

function chargeOf(lease: Lease, limit: number, allowed: boolean): RateLimitCharge {
  const used = lease.windowUsed - lease.unspent;
  return { allowed, limit, used, remaining: Math.max(0, limit - used), resetsAt: lease.resetsAt };
}

/**
 * The rate limiter's view of the shared windows from one process: a request is charged from the
 * process's lease on its subject's window when the lease covers it (no SQL), and otherwise goes
 * to the store (one upsert) for its cost plus a block, granted only while the window has room.
 * A request the window cannot cover is refused, and its points still count, as they always have.
 */
export class RateLimitLeases {
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly prisma: PrismaClient) {}

  async charge(subject: string, cost: number, limit: number, windowSeconds: number): Promise<RateLimitCharge> {
    const held = this.leases.get(subject);
    if (held && Date.now() < held.resetsAt.getTime() && held.unspent >= cost) {
      held.unspent -= cost;
      return chargeOf(held, limit, true);
    }
    const asked = cost + leaseBlock(limit);
    const window = await chargePoints(this.prisma, subject, asked, limit, windowSeconds);
    const before = window.used - asked;
    // The request's cost first, all or nothing; the block only as far as the window has room.
    const granted = before + cost <= limit ? cost + Math.min(asked - cost, limit - before - cost) : 0;
    const lease = this.leaseFor(subject, window.resetsAt);
    if (lease.resetsAt.getTime() !== window.resetsAt.getTime()) {
      // Charged in a window that ended while the upsert was under way: the grant serves this request only.
      return { ...window, allowed: granted > 0 };
    }
    lease.windowUsed = Math.max(lease.windowUsed, window.used);
    lease.unspent += granted;
    if (granted > 0) lease.unspent -= cost;
    return chargeOf(lease, limit, granted > 0);
  }

  /** The subject's lease on the window ending at `resetsAt`, replacing one on an earlier window. */
  private leaseFor(subject: string, resetsAt: Date): Lease {
    const held = this.leases.get(subject);
    if (held && held.resetsAt.getTime() >= resetsAt.getTime()) return held;
    if (this.leases.size >= sweepAbove) this.dropEnded();
    const lease = { resetsAt, unspent: 0, windowUsed: 0 };
    this.leases.set(subject, lease);
    return lease;
  }

  private dropEnded(): void {
    const now = Date.now();
    for (const [subject, lease] of this.leases) if (lease.resetsAt.getTime() <= now) this.leases.delete(subject);
  }
}
