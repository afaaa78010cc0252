/**
 * A seeded pseudo-random generator (mulberry32) for the demo dataset. Math.random cannot be
 * seeded, and a dependency would tie the data to its version; this one is a few lines of integer
 * arithmetic, so the same seed gives the same numbers on every machine and Node version.
 */
export interface Random {
  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (all of them when there are fewer), kept in their original order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** A UUID in the version-4 layout drawn from this stream, so ids repeat with the seed. */
  uuid(): string;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** FNV-1a: turns a text key into a 32-bit seed. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function seededRandom(seed: number): Random {
  const nextUint32 = mulberry32(seed);
  const next = () => nextUint32() / 0x1_0000_0000;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error("Cannot pick from an empty list.");
      return item;
    },
    sample<T>(items: readonly T[], count: number): T[] {
      // Selection sampling (Knuth's algorithm S): one draw per item, order kept.
      const chosen: T[] = [];
      let needed = Math.min(count, items.length);
      items.forEach((item, i) => {
        if (needed > 0 && next() * (items.length - i) < needed) {
          chosen.push(item);
          needed--;
        }
      });
      return chosen;
    },
    uuid() {
      const hex = [nextUint32(), nextUint32(), nextUint32(), nextUint32()].map((n) => n.toString(16).padStart(8, "0")).join("");
      const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}

/**
 * An independent stream for one part of the dataset (a province, a stage), from the run's seed
 * and a key: each part's rows then depend only on the seed and that part of the tree.
 */
export function streamFor(seed: number, key: string): Random {
  return seededRandom(hash32(`${seed}/${key}`));
}
