// Small SVG charts drawn on the server: no chart library, no client script.
// Each has a text summary for screen readers; the numbers are also in the tables.

export interface Series {
  label: string;
  /** A Tailwind text colour class; the chart draws with currentColor. */
  colour: string;
  values: number[];
}

const W = 640;
const H = 220;
const PAD = { top: 12, right: 12, bottom: 30, left: 36 };

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude * 4 >= value) ?? 10;
  return step * magnitude * 4;
}

/** A chart's title and its colour key. */
function Caption({ title, keys }: { title: string; keys: { label: string; colour: string }[] }) {
  return (
    <figcaption className="flex flex-wrap items-center justify-between gap-2">
      <span className="font-semibold">{title}</span>
      <span className="flex flex-wrap gap-3 text-sm text-muted">
        {keys.map((k) => (
          <span key={k.label} className="inline-flex items-center gap-1.5">
            <span aria-hidden="true" className={`inline-block h-2.5 w-5 rounded-full bg-current ${k.colour}`} />
            {k.label}
          </span>
        ))}
      </span>
    </figcaption>
  );
}

/** Lines over time, one per series, with a legend. */
export function TrendChart({ title, labels, series }: { title: string; labels: string[]; series: Series[] }) {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (labels.length <= 1 ? innerW / 2 : (i / (labels.length - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const ticks = [0, max / 4, max / 2, (3 * max) / 4, max];
  const every = Math.max(1, Math.ceil(labels.length / 6));
  const summary = series.map((s) => `${s.label}: ${s.values.reduce((a, b) => a + b, 0)} in total`).join("; ");
  return (
    <figure className="space-y-2">
      <Caption title={title} keys={series} />
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}.`} className="h-auto w-full">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="stroke-stone-200" strokeWidth={1} />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="fill-stone-500 text-[13px]">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          i % every === 0 || i === labels.length - 1 ? (
            <text key={label + i} x={x(i)} y={H - 8} textAnchor={i === 0 ? "start" : i === labels.length - 1 ? "end" : "middle"} className="fill-stone-500 text-[13px]">
              {label}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.label} className={s.colour}>
            <polyline fill="none" stroke="currentColor" strokeWidth={2.5} strokeLinejoin="round" strokeLinecap="round" points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")} />
            {s.values.length <= 31 ? s.values.map((v, i) => <circle key={i} cx={x(i)} cy={y(v)} r={3} fill="currentColor" />) : null}
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** One row per person, bars side by side per measure. */
export function PeopleBars({ title, rows, measures, format = String }: { title: string; rows: { label: string; values: number[] }[]; measures: { label: string; colour: string }[]; format?: (v: number) => string }) {
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  return (
    <figure className="space-y-3">
      <Caption title={title} keys={measures} />
      {rows.length === 0 ? <p className="py-6 text-center text-muted">Nobody did any of this in the period.</p> : null}
      <ul className="space-y-2.5">
        {rows.map((row) => (
          <li key={row.label} className="grid grid-cols-[8.5rem_1fr] items-center gap-3">
            <span className="truncate text-sm">{row.label}</span>
            <span className="space-y-1">
              {row.values.map((v, i) => (
                <span key={measures[i]!.label} className="flex items-center gap-2">
                  <span className={`block h-3 rounded-full bg-current ${measures[i]!.colour}`} style={{ width: `${Math.max(v > 0 ? 2 : 0, (v / max) * 85)}%` }} aria-hidden="true" />
                  <span className="text-xs text-muted tabular-nums">
                    <span className="sr-only">{measures[i]!.label}: </span>
                    {format(v)}
                  </span>
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
