// CPU time of other processes on this (Linux) machine, from /proc: on a shared machine the CPU a
// run spends is a steadier measure than its wall clock, and it shows which process the time goes to.
import { readFile, readdir } from "node:fs/promises";

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every common kernel). */
const TICKS_PER_SECOND = 100;

/** User + system CPU of one process (all its threads) in ms, or 0 when it is gone or /proc is missing. */
async function readProcessCpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime: fields 14–17, i.e. 11–14 after the state field.
    const ticks = [11, 12, 13, 14].reduce((sum, k) => sum + Number(fields[k] ?? 0), 0);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

async function readChildren(pid: number): Promise<number[]> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, "utf8").catch(() => "")));
    return lists.flatMap((list) => list.split(" ").filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** CPU ms of a process and its live descendants (exited children that were waited for are in cutime). */
export async function readProcessTreeCpuMs(pid: number): Promise<number> {
  const own = await readProcessCpuMs(pid);
  const children = await readChildren(pid);
  const theirs = await Promise.all(children.map((child) => readProcessTreeCpuMs(child)));
  return own + theirs.reduce((a, b) => a + b, 0);
}

/** CPU ms per pid, for processes such as PostgreSQL backends that outlive a measurement. */
export async function readProcessesCpuMs(pids: number[]): Promise<Map<number, number>> {
  const values = await Promise.all(pids.map(async (pid) => [pid, await readProcessCpuMs(pid)] as const));
  return new Map(values);
}

/**
 * Follows the PostgreSQL backends serving `database` while work runs, so backends that close
 * before the end still count: `stop` returns the CPU ms they spent since the start. Backends
 * are found by their process title (`postgres: … <user> <database> <client> …`); each pid's
 * title is read once, so a sample costs one /proc listing plus the matching backends' stat.
 */
export async function trackDatabaseBackendsCpu(database: string, everyMs = 5000): Promise<{ stop(): Promise<number> }> {
  const isBackend = new Map<number, boolean>();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let started = false;
  const sample = async () => {
    for (const entry of await readdir("/proc").catch(() => [] as string[])) {
      if (!/^\d+$/.test(entry) || isBackend.has(Number(entry))) continue;
      const title = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
      isBackend.set(Number(entry), title.startsWith("postgres:") && title.includes(` ${database} `));
    }
    const pids = [...isBackend].filter(([, yes]) => yes).map(([pid]) => pid);
    for (const [pid, ms] of await readProcessesCpuMs(pids)) {
      if (!started) first.set(pid, ms);
      last.set(pid, Math.max(ms, last.get(pid) ?? 0));
    }
    started = true;
  };
  await sample();
  const timer = setInterval(() => void sample(), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      let total = 0;
      for (const [pid, ms] of last) total += ms - (first.get(pid) ?? 0);
      return total;
    },
  };
}
