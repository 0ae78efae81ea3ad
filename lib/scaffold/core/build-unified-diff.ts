/*
 * A small line diff (LCS) producing unified-diff text for the preview. Unit files are a few
 * hundred lines at most, so the quadratic table is fine and we avoid another npm package.
 */

type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i]!, a: i++, b: j++ });
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Deletions first on ties, as git prints them.
      ops.push({ kind: "-", line: a[i]!, a: i++, b: j });
    } else {
      ops.push({ kind: "+", line: b[j]!, a: i, b: j++ });
    }
  }
  return ops;
}

export interface BuildUnifiedDiffOptions {
  path: string;
  /** The path on the `---` side when it differs (a unit copied to another env's folder). */
  beforePath?: string;
  /** Current content, or null when the file does not exist yet. */
  before: string | null;
  after: string;
  context?: number;
}

/**
 * `--- a/<path>` / `+++ b/<path>` with `@@` hunks, as `git diff` prints them. Returns "" when
 * nothing changes.
 */
export function buildUnifiedDiff({ path, beforePath = path, before, after, context = 3 }: BuildUnifiedDiffOptions): string {
  if (before === after) return "";
  const ops = diffLines(splitLines(before ?? ""), splitLines(after));
  const changed = ops.map((op, index) => (op.kind === " " ? -1 : index)).filter((index) => index >= 0);
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(ops.length - 1, index + context);
    const last = hunks.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const out = [before === null ? "--- /dev/null" : `--- a/${beforePath}`, `+++ b/${path}`];
  for (const [start, end] of hunks) {
    const slice = ops.slice(start, end + 1);
    const first = slice[0]!;
    const aCount = slice.filter((op) => op.kind !== "+").length;
    const bCount = slice.filter((op) => op.kind !== "-").length;
    const aStart = aCount === 0 ? first.a : first.a + 1;
    const bStart = bCount === 0 ? first.b : first.b + 1;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const op of slice) out.push(`${op.kind}${op.line}`);
  }
  return `${out.join("\n")}\n`;
}
