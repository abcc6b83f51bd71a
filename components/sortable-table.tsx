"use client";

import { useState } from "react";
import { ScrollX } from "./ui/scroll-x";

export interface Cell {
  display: string;
  /** What the column sorts by; null sorts last. */
  sort: number | string | null;
}
export interface Column {
  label: string;
  numeric?: boolean;
}

/** One row's cells: the first names the row, the rest are figures. */
function Cells({ cells, columns }: { cells: Cell[]; columns: Column[] }) {
  return cells.map((cell, i) =>
    i === 0 ? (
      <th key={i} scope="row" className="sticky left-0 bg-inherit px-3 py-2.5 text-left whitespace-nowrap">
        {cell.display}
      </th>
    ) : (
      <td key={i} className={`px-2 py-2.5 tabular-nums ${columns[i]?.numeric ? "text-right" : ""}`}>
        {cell.display}
      </td>
    ),
  );
}

/** A table whose columns sort on click; the values arrive formatted from the server. */
export function SortableTable({ caption, columns, rows, footer }: { caption: string; columns: Column[]; rows: { id: string; cells: Cell[] }[]; footer?: Cell[] }) {
  const [order, setOrder] = useState<{ column: number; descending: boolean }>({ column: 0, descending: false });
  const sorted = [...rows].sort((a, b) => {
    const x = a.cells[order.column]?.sort ?? null;
    const y = b.cells[order.column]?.sort ?? null;
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    const compared = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return order.descending ? -compared : compared;
  });
  return (
    <ScrollX label={caption}>
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}. Select a column heading to sort.</caption>
        <thead className="border-b border-line bg-stone-50">
          <tr>
            {columns.map((column, i) => (
              <th key={column.label} scope="col" aria-sort={order.column === i ? (order.descending ? "descending" : "ascending") : undefined} className={`px-2 py-1 font-medium ${column.numeric ? "text-right" : "text-left"} ${i === 0 ? "sticky left-0 bg-stone-50" : ""}`}>
                <button
                  type="button"
                  onClick={() => setOrder((o) => ({ column: i, descending: o.column === i ? !o.descending : Boolean(column.numeric) }))}
                  className={`inline-flex h-10 items-center gap-1 ${order.column === i ? "text-ink" : "text-muted"} hover:text-ink`}
                >
                  {column.label}
                  <span aria-hidden="true" className="w-3">
                    {order.column === i ? (order.descending ? "↓" : "↑") : ""}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {sorted.map((row) => (
            <tr key={row.id} className="bg-white font-medium [&>td]:font-normal">
              <Cells cells={row.cells} columns={columns} />
            </tr>
          ))}
        </tbody>
        {footer ? (
          <tfoot className="border-t-2 border-line bg-stone-50 font-semibold">
            <tr>
              <Cells cells={footer} columns={columns} />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </ScrollX>
  );
}
