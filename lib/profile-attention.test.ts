import { describe, expect, it } from "vitest";
import { needsAttention, type AttentionInput } from "./profile-attention";

const now = new Date("2026-12-01T15:00:00Z"); // 10 am in New York
const base: AttentionInput = {
  storeId: "fifth",
  timeZone: "America/New_York",
  today: "2026-12-01",
  now,
  mentions: [],
  replies: [],
  replyLabels: { coming: "Will come", question: "Asked" },
  holds: [],
  followUps: [],
};
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe("needsAttention", () => {
  it("is empty when nothing waits on the associate", () => {
    expect(needsAttention(base)).toEqual([]);
  });

  it("lists unanswered posts, the customer's answers, holds about to end and follow-ups due, most urgent first", () => {
    const items = needsAttention({
      ...base,
      mentions: [
        { id: "m1", network: "x", postedAt: hours(-2), status: "new", storeId: "fifth" },
        { id: "m2", network: "instagram", postedAt: hours(-30), status: "new", storeId: "fifth" },
        { id: "m5", network: "instagram", postedAt: hours(-30), status: "new", storeId: null },
        { id: "m3", network: "x", postedAt: hours(-2), status: "replied", storeId: "fifth" },
        { id: "m4", network: "x", postedAt: hours(-2), status: "new", storeId: "oak" },
      ],
      replies: [
        { id: "r1", kind: "coming", detail: "Tomorrow", seenAt: null },
        { id: "r2", kind: "question", detail: "Do you have it in M?", seenAt: now },
      ],
      holds: [
        { id: "h1", status: "active", storeId: "fifth", expiresAt: hours(8), product: { name: "Milly Bonded Wool Coat" } },
        { id: "h2", status: "active", storeId: "fifth", expiresAt: hours(24 * 5), product: { name: "Later coat" } },
        { id: "h3", status: "active", storeId: "oak", expiresAt: hours(2), product: { name: "Elsewhere" } },
        { id: "h4", status: "picked_up", storeId: "fifth", expiresAt: hours(2), product: { name: "Gone" } },
      ],
      inbound: [{ id: "t1", channel: "sms", body: "Can you hold it until Friday?", at: hours(-1) }],
      followUps: [
        { id: "f1", dueOn: "2026-11-29", reason: "Ask how the coat fits", storeId: "fifth" },
        { id: "f2", dueOn: "2026-12-01", reason: "Call about the blazer", storeId: "fifth" },
        { id: "f3", dueOn: "2026-12-04", reason: "Not yet", storeId: "fifth" },
      ],
    });
    expect(items.map((i) => [i.tone, i.text, i.target])).toEqual([
      ["bad", "Instagram post not answered", "conversation"],
      ["bad", "Follow-up 2 days overdue: Ask how the coat fits", "follow-ups"],
      ["warn", "X post not answered", "conversation"],
      ["warn", "Will come: Tomorrow", "conversation"],
      ["warn", "Text not answered: “Can you hold it until Friday?”", "conversation"],
      ["warn", "Milly Bonded Wool Coat: held, due today, 6:00 PM", "holds"],
      ["warn", "Follow-up due today: Call about the blazer", "follow-ups"],
    ]);
  });
});
