"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { assignMentionAction, assignMessageAction } from "./actions";

const BUTTON = "inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50 disabled:opacity-60";

/** What is being assigned: a post (or comment) on a network, or a text or email. */
export type AssignTarget = { kind: "post"; id: string } | { kind: "message"; id: string };

/**
 * Who answers this post or message. An associate claims it; a manager can also
 * give it to a colleague or to nobody. The result shows in the notice area.
 */
export function AssignPost({ target, assigneeId, isManager, people, meId }: { target: AssignTarget; assigneeId: string | null; isManager: boolean; people: Array<{ id: string; name: string }>; meId: string }) {
  const [, action, pending] = useActionState<ActionState, FormData>(useNoticeAction(target.kind === "post" ? assignMentionAction : assignMessageAction, { refusals: true }), {});
  const idField = <input type="hidden" name={target.kind === "post" ? "mentionId" : "messageId"} value={target.id} />;
  if (!isManager) {
    if (assigneeId === meId) return null;
    return (
      <form action={action}>
        {idField}
        <input type="hidden" name="assignee" value="me" />
        <button type="submit" disabled={pending} className={BUTTON}>
          {assigneeId ? "Take it over" : "Claim"}
        </button>
      </form>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      {idField}
      <label className="sr-only" htmlFor={`assign-${target.id}`}>
        {target.kind === "post" ? "Who answers this post" : "Who answers this message"}
      </label>
      <select id={`assign-${target.id}`} name="assignee" defaultValue={assigneeId ?? "nobody"} className="h-11 rounded-lg border border-stone-300 bg-white px-3 text-base">
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
