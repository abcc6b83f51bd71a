import { describeDue } from "./format";
import { describeDueDate } from "./dates";
import { NETWORK_LABELS } from "./networks";
import type { Network } from "@/db/schema";

/** Where on the profile an item is dealt with: the id of its section. */
export type AttentionTarget = "conversation" | "holds" | "follow-ups";

export interface AttentionItem {
  key: string;
  tone: "bad" | "warn";
  text: string;
  action: string;
  target: AttentionTarget;
}

export interface AttentionInput {
  storeId: string;
  timeZone: string;
  today: string;
  now: Date;
  mentions: ReadonlyArray<{ id: string; network: Network; postedAt: Date; status: string; storeId: string | null }>;
  replies: ReadonlyArray<{ id: string; kind: string; detail: string | null; seenAt: Date | null }>;
  replyLabels: Record<string, string>;
  holds: ReadonlyArray<{ id: string; status: string; storeId: string; expiresAt: Date; product: { name: string } }>;
  /** Texts and emails she sent that wait for an answer. */
  inbound?: ReadonlyArray<{ id: string; channel: string; body: string; at: Date }>;
  followUps: ReadonlyArray<{ id: string; dueOn: string; reason: string; storeId: string }>;
}

/** Hours ahead within which a hold's end needs someone's attention. */
const HOLD_ENDING_HOURS = 30;

/**
 * What on this customer needs doing first, most urgent first: posts nobody
 * answered, what the customer said from their page, holds at this store about
 * to end, follow-ups due. Everything else on the profile can wait a tap.
 */
export function needsAttention(input: AttentionInput): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const m of input.mentions) {
    // Only posts this store answers: the profile offers a reply to those alone.
    if (m.status !== "new" || m.storeId !== input.storeId) continue;
    const hours = (input.now.getTime() - m.postedAt.getTime()) / 3_600_000;
    items.push({ key: `mention:${m.id}`, tone: hours >= 24 ? "bad" : "warn", text: `${NETWORK_LABELS[m.network]} post not answered`, action: "Reply", target: "conversation" });
  }
  for (const r of input.replies) {
    if (r.seenAt) continue;
    const said = input.replyLabels[r.kind] ?? "Answered";
    items.push({ key: `reply:${r.id}`, tone: "warn", text: r.detail ? `${said}: ${r.detail}` : said, action: "See", target: "conversation" });
  }
  for (const m of input.inbound ?? []) {
    const hours = (input.now.getTime() - m.at.getTime()) / 3_600_000;
    const excerpt = m.body.length > 60 ? `${m.body.slice(0, 59)}…` : m.body;
    items.push({ key: `inbound:${m.id}`, tone: hours >= 24 ? "bad" : "warn", text: `${m.channel === "sms" ? "Text" : "Email"} not answered: “${excerpt}”`, action: "Answer", target: "conversation" });
  }
  for (const h of input.holds) {
    if (h.status !== "active" || h.storeId !== input.storeId) continue;
    if (h.expiresAt.getTime() - input.now.getTime() > HOLD_ENDING_HOURS * 3_600_000) continue;
    const due = describeDue(h.expiresAt, input.now, input.timeZone);
    // "held until Tue, Dec 1, 6:00 PM", "held, due today, 6:00 PM", "held, expired 3 h ago"
    const when = due.label.charAt(0).toLowerCase() + due.label.slice(1);
    items.push({ key: `hold:${h.id}`, tone: due.state === "overdue" ? "bad" : "warn", text: `${h.product.name}: held${due.state === "later" ? "" : ","} ${when}`, action: "Holds", target: "holds" });
  }
  for (const f of input.followUps) {
    if (f.storeId !== input.storeId || f.dueOn > input.today) continue;
    const due = describeDueDate(f.dueOn, input.today);
    items.push({ key: `follow-up:${f.id}`, tone: due.state === "overdue" ? "bad" : "warn", text: `Follow-up ${due.state === "overdue" ? due.label.toLowerCase() : "due today"}: ${f.reason}`, action: "Follow up", target: "follow-ups" });
  }
  return items.sort((a, b) => (a.tone === b.tone ? 0 : a.tone === "bad" ? -1 : 1));
}
