import { readFile } from "node:fs/promises";

export interface ProcessMemory {
  /** Peak resident set size since the process started (VmHWM), in MiB. */
  peakMiB: number;
  /** Resident set size now (VmRSS), in MiB. */
  currentMiB: number;
}

const field = (status: string, name: string): number => {
  const kiB = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1];
  if (kiB === undefined) throw new Error(`/proc status has no ${name}`);
  return Number(kiB) / 1024;
};

/** A server process's memory, from Linux's /proc/<pid>/status. */
export async function processMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return { peakMiB: field(status, "VmHWM"), currentMiB: field(status, "VmRSS") };
}
