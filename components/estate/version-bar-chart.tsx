/**
 * Units per version of one module as a horizontal bar chart, rendered on the server as plain SVG
 * (no chart library, no client JS). Flagged versions are drawn in the danger or warning colour and
 * named in the label, so colour is never the only cue.
 */
export function VersionBarChart({ module, versions }: { module: string; versions: Array<{ version: string; status: string; units: number }> }) {
  const max = Math.max(1, ...versions.map((v) => v.units));
  const row = 22;
  const labelWidth = 150;
  const width = 420;
  const height = versions.length * row + 4;
  const barWidth = width - labelWidth - 40;
  return (
    <svg role="img" aria-labelledby={`chart-${module}`} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full max-w-md" data-testid={`version-chart-${module}`}>
      <title id={`chart-${module}`}>{`${module}: ${versions.map((v) => `${v.units} unit${v.units === 1 ? "" : "s"} on ${v.version}${v.status === "active" ? "" : ` (${v.status})`}`).join(", ")}`}</title>
      {versions.map((v, i) => {
        const w = Math.max(2, Math.round((v.units / max) * barWidth));
        const fill = v.status === "vulnerable" || v.status === "withdrawn" ? "var(--color-danger)" : v.status === "deprecated" ? "var(--color-warning)" : "var(--color-accent)";
        return (
          <g key={v.version} transform={`translate(0 ${i * row + 2})`}>
            <text x={labelWidth - 8} y={14} textAnchor="end" className="fill-fg-muted text-[11px]">
              {v.version}
              {v.status === "active" ? "" : ` (${v.status})`}
            </text>
            <rect x={labelWidth} y={3} width={w} height={14} rx={2} fill={fill} data-units={v.units} />
            <text x={labelWidth + w + 6} y={14} className="fill-fg text-[11px]">
              {v.units}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
