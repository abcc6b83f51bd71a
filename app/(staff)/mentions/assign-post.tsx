"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { assignMentionAction } from "./actions";

const BUTTON = "inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50 disabled:opacity-60";

/**
 * Who answers this post. An associate claims it; a manager can also give it
 * to a colleague or to nobody. The result shows in the notice area.
 */
export function AssignPost({ mentionId, assigneeId, isManager, people, meId }: { mentionId: string; assigneeId: string | null; isManager: boolean; people: Array<{ id: string; name: string }>; meId: string }) {
  const [, action, pending] = useActionState<ActionState, FormData>(useNoticeAction(assignMentionAction), {});
  if (!isManager) {
    if (assigneeId === meId) return null;
    return (
      <form action={action}>
        <input type="hidden" name="mentionId" value={mentionId} />
        <input type="hidden" name="assignee" value="me" />
        <button type="submit" disabled={pending} className={BUTTON}>
          {assigneeId ? "Take it over" : "Claim"}
        </button>
      </form>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="mentionId" value={mentionId} />
      <label className="sr-only" htmlFor={`assign-${mentionId}`}>
        Who answers this post
      </label>
      <select id={`assign-${mentionId}`} name="assignee" defaultValue={assigneeId ?? "nobody"} className="h-11 rounded-lg border border-stone-300 bg-white px-3 text-base">
        <option value="nobody">Nobody yet</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.id === meId ? `Me (${p.name})` : p.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending} className={BUTTON}>
        Assign
      </button>
    </form>
  );
}
