"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useSearchParams } from "next/navigation";

export interface ProfileTab {
  id: string;
  label: string;
  /** A count beside the label (notes, holds), when there is something to count. */
  count?: number;
}

/**
 * The rest of the profile, one tap away: a tab per part, the chosen one shown.
 *
 * Every panel is in the page already (rendered on the server), so a tap
 * changes what is shown at once, with no round trip: the tablet may be on
 * poor Wi-Fi. The chosen tab is kept in the address (?view=) so a reload or
 * a shared link opens it, and a link to anything inside a panel (the header's
 * "Note", "#follow-ups") opens that panel and goes to it.
 */
/** Keeps the chosen tab in the address (?view=), dropping a #link that has done its work, without a navigation. */
function remember(id: string) {
  const url = new URL(window.location.href);
  url.searchParams.set("view", id);
  url.hash = "";
  window.history.replaceState(window.history.state, "", url);
}

export function ProfileTabs({ label, tabs, initial, panels }: { label: string; tabs: ProfileTab[]; initial: string; panels: Record<string, React.ReactNode> }) {
  const [selected, setSelected] = useState(initial);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const root = useRef<HTMLDivElement>(null);
  // A navigation to this page again (a form's redirect, a link with ?view=) keeps this component: follow it.
  // (?view= itself is left out: this component writes it, and must not follow its own writing.)
  const params = new URLSearchParams(useSearchParams());
  params.delete("view");
  const search = params.toString();
  const [followed, setFollowed] = useState(`${initial}?${search}`);
  if (followed !== `${initial}?${search}`) {
    setFollowed(`${initial}?${search}`);
    setSelected(initial);
  }

  const choose = useCallback((id: string, { focusTab = false } = {}) => {
    setSelected(id);
    remember(id);
    if (focusTab) buttons.current.get(id)?.focus();
  }, []);

  // A link to something inside a panel opens the panel, then (once it is shown) goes to it and into its first field.
  const [jump, setJump] = useState<{ id: string; at: number } | null>(null);
  useEffect(() => {
    const open = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      const panel = id ? document.getElementById(id)?.closest<HTMLElement>("[data-panel]") : null;
      if (!panel || !root.current?.contains(panel)) return;
      setSelected(panel.dataset.panel!);
      setJump({ id, at: performance.now() });
    };
    open();
    window.addEventListener("hashchange", open);
    return () => window.removeEventListener("hashchange", open);
  }, [search]);
  useEffect(() => {
    const target = jump && document.getElementById(jump.id);
    const panel = target?.closest<HTMLElement>("[data-panel]");
    if (!target || !panel) return;
    target.scrollIntoView({ block: "start", behavior: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
    target.querySelector<HTMLElement>("textarea, input:not([type=hidden]), summary")?.focus({ preventScroll: true });
    remember(panel.dataset.panel!);
  }, [jump]);

  function onKeyDown(event: React.KeyboardEvent) {
    const index = tabs.findIndex((t) => t.id === selected);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      choose(tabs[event.key === "Home" ? 0 : tabs.length - 1]!.id, { focusTab: true });
    } else if (step) {
      event.preventDefault();
      choose(tabs[(index + step + tabs.length) % tabs.length]!.id, { focusTab: true });
    }
  }

  return (
    <div ref={root} className="space-y-4">
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 overflow-x-auto rounded-xl border border-line bg-white p-1">
        {tabs.map((tab) => {
          const active = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                if (element) buttons.current.set(tab.id, element);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`tab-${tab.id}`}
              aria-selected={active}
              aria-controls={`panel-${tab.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => choose(tab.id)}
              className={`inline-flex h-11 shrink-0 items-center gap-1.5 rounded-lg px-4 font-medium whitespace-nowrap transition ${active ? "bg-accent text-white" : "text-ink hover:bg-stone-100"}`}
            >
              {tab.label}
              {tab.count ? <span className={`rounded-full px-2 text-sm tabular-nums ${active ? "bg-white/20" : "bg-stone-100 text-muted"}`}>{tab.count}</span> : null}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} data-panel={tab.id} hidden={tab.id !== selected} className="space-y-6">
          {panels[tab.id]}
        </div>
      ))}
    </div>
  );
}
