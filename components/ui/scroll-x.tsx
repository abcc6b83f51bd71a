"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A box that scrolls sideways when its content (a wide table) does not fit,
 * and shows that it does: a shadow on each side with more to see, and a
 * "More columns" button, since tablets hide scrollbars until you scroll.
 */
export function ScrollX({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setMore((m) => (m.left === left && m.right === right ? m : { left, right }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    element.addEventListener("scroll", measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener("scroll", measure);
    };
  }, []);
  const scrollBy = (direction: 1 | -1) => {
    const element = box.current;
    if (element) element.scrollBy({ left: direction * element.clientWidth * 0.7, behavior: "smooth" });
  };
  return (
    <div className={`relative ${className}`} data-scrolls={more.left || more.right ? "yes" : "no"}>
      <div ref={box} role="region" aria-label={label} tabIndex={more.left || more.right ? 0 : undefined} className="overflow-x-auto rounded-xl border border-line bg-white focus-visible:ring-2 focus-visible:ring-accent/40 focus-visible:outline-none">
        {children}
      </div>
      {more.left ? <span aria-hidden="true" className="pointer-events-none absolute inset-y-px left-px w-6 rounded-l-xl bg-gradient-to-r from-stone-900/10 to-transparent" /> : null}
      {more.right ? <span aria-hidden="true" className="pointer-events-none absolute inset-y-px right-px w-6 rounded-r-xl bg-gradient-to-l from-stone-900/10 to-transparent" /> : null}
      {more.left || more.right ? (
        <p className="mt-1.5 flex items-center justify-end gap-2 text-sm text-muted">
          <span>Scroll sideways for more columns</span>
          <button type="button" onClick={() => scrollBy(-1)} disabled={!more.left} aria-label="Earlier columns" className="inline-flex h-10 w-10 items-center justify-center rounded-lg border border-line bg-white text-lg disabled:opacity-40">
            ‹
          </button>
          <button type="button" onClick={() => scrollBy(1)} disabled={!more.right} aria-label="More columns" className="inline-flex h-10 w-10 items-center justify-center rounded-lg border border-line bg-white text-lg disabled:opacity-40">
            ›
          </button>
        </p>
      ) : null}
    </div>
  );
}
