import { plural } from "@/lib/format";

/**
 * The inbox's header line. The inbox shows the oldest `shown` of `waiting`
 * posts; when that is not all of them it says so, rather than passing the cap
 * off as the total. Posts not shown are newer than those shown, so the count
 * of late ones is exact unless every post shown is late.
 */
export function inboxSummary({ shown, waiting, late }: { shown: number; waiting: number; late: number }): string {
  const total = Math.max(waiting, shown);
  if (!total) return "Every post has an answer.";
  const capped = total > shown;
  const head = capped ? `Showing the oldest ${shown} of ${total.toLocaleString("en-US")} posts waiting for an answer` : `${plural(total, "post")} waiting for an answer, oldest first`;
  if (!late) return head;
  return `${head} · ${capped && late === shown ? "at least " : ""}${late} waiting over a day`;
}
