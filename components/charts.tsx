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
  // Axis labels are HTML laid over the drawing, not SVG text: SVG text shrinks with the chart
  // (8 px on a tablet in landscape), HTML text keeps its size at any width.
  const at = (value: number, whole: number) => `${((value / whole) * 100).toFixed(3)}%`;
  return (
    <figure className="space-y-2">
      <Caption title={title} keys={series} />
      <div className="relative text-[13px] leading-none text-stone-600 tabular-nums">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}.`} className="block h-auto w-full">
          {ticks.map((t) => (
            <line key={t} x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="stroke-stone-200" strokeWidth={1} />
          ))}
          {series.map((s) => (
            <g key={s.label} className={s.colour}>
              <polyline fill="none" stroke="currentColor" strokeWidth={2.5} strokeLinejoin="round" strokeLinecap="round" points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")} />
              {s.values.length <= 31 ? s.values.map((v, i) => <circle key={i} cx={x(i)} cy={y(v)} r={3} fill="currentColor" />) : null}
            </g>
          ))}
        </svg>
        <div aria-hidden="true">
          {ticks.map((t) => (
            <span key={t} data-axis="y" className="absolute left-0 -translate-y-1/2 pr-1.5 text-right" style={{ top: at(y(t), H), width: at(PAD.left, W) }}>
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </span>
          ))}
          {labels.map((label, i) =>
            // Every few days, and the last, but none so close to the last that the two overlap.
            (i % every === 0 && labels.length - 1 - i >= every) || i === labels.length - 1 ? (
              <span
                key={label + i}
                data-axis="x"
                className={`absolute bottom-0.5 whitespace-nowrap ${i === 0 ? "" : i === labels.length - 1 ? "-translate-x-full" : "-translate-x-1/2"}`}
                style={{ left: at(x(i), W) }}
              >
                {label}
              </span>
            ) : null,
          )}
        </div>
      </div>
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
