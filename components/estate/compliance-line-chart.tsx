import type { ComplianceWeek } from "@/lib/estate/core/compute-compliance";

/**
 * The share of units on a supported version per ISO week, as a server-rendered SVG line with a
 * point per week; weeks without units leave a gap. The table beside it carries the same figures.
 */
export function ComplianceLineChart({ weeks }: { weeks: ComplianceWeek[] }) {
  const width = 560;
  const height = 180;
  const pad = { left: 40, right: 12, top: 12, bottom: 28 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (weeks.length <= 1 ? innerW / 2 : (i / (weeks.length - 1)) * innerW);
  const y = (share: number) => pad.top + (1 - share) * innerH;
  const segments: string[] = [];
  let current = "";
  weeks.forEach((w, i) => {
    if (w.share === null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    current += `${current ? "L" : "M"}${x(i).toFixed(1)} ${y(w.share).toFixed(1)} `;
  });
  if (current) segments.push(current);
  const latest = [...weeks].reverse().find((w) => w.share !== null);
  return (
    <svg role="img" aria-labelledby="compliance-title" viewBox={`0 0 ${width} ${height}`} className="h-auto w-full max-w-xl" data-testid="compliance-chart">
      <title id="compliance-title">{`Share of units on a supported version per week${latest ? `; ${latest.week}: ${Math.round((latest.share ?? 0) * 100)}%` : ""}`}</title>
      {[0, 0.5, 1].map((t) => (
        <g key={t}>
          <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="var(--color-line)" />
          <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="fill-fg-muted text-[10px]">
            {Math.round(t * 100)}%
          </text>
        </g>
      ))}
      {segments.map((d) => (
        <path key={d} d={d} fill="none" stroke="var(--color-accent)" strokeWidth={2} />
      ))}
      {weeks.map((w, i) =>
        w.share === null ? null : <circle key={w.week} cx={x(i)} cy={y(w.share)} r={3} fill="var(--color-accent)" data-week={w.week} data-share={w.share.toFixed(3)} />,
      )}
      {weeks.map((w, i) =>
        i % 2 === weeks.length % 2 || weeks.length < 7 ? (
          <text key={`l-${w.week}`} x={x(i)} y={height - 8} textAnchor="middle" className="fill-fg-muted text-[10px]">
            {w.week.slice(5)}
          </text>
        ) : null,
      )}
    </svg>
  );
}
