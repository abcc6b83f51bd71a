import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_NAMES, AUDIT_ACTIONS, auditActionLabel, isAuditAction } from "./audit-actions";
import { auditParams, describeDetail } from "./audit-view";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Every .ts/.tsx file the app is built from (not tests, not dependencies). */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("the list of audit actions", () => {
  it("has every action that a writer records, including the two the audit view once missed", () => {
    const written = new Set<string>();
    for (const file of ["lib", "app", "db"].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
      for (const match of fs.readFileSync(file, "utf8").matchAll(/\baction: "([a-z_]+\.[a-z_]+)"/g)) written.add(match[1]!);
    }
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((action) => !isAuditAction(action))).toEqual([]);
    expect(written).toContain("customer.created");
    expect(written).toContain("mention.customer_linked");
    expect(auditActionLabel("customer.created")).toBe("Added a customer");
    expect(auditActionLabel("mention.customer_linked")).toBe("Linked a post to a customer");
  });

  it("offers each action once in the audit filter, under a group", () => {
    const offered = AUDIT_ACTION_GROUPS.flatMap((g) => g.actions);
    expect(offered.sort()).toEqual([...AUDIT_ACTION_NAMES].sort());
    for (const group of AUDIT_ACTION_GROUPS) expect(group.actions.length).toBeGreaterThan(0);
  });

  it("filters only by known actions: anything else is dropped, not searched for", () => {
    const read = (action: string) => auditParams.parse({ action }).action;
    expect(read("mention.customer_linked")).toBe("mention.customer_linked");
    expect(read("hold.nonsense")).toBe("");
    expect(read("'; drop table audit_log")).toBe("");
  });

  it("shows an action recorded before the list existed as it was recorded", () => {
    expect(auditActionLabel("legacy.thing")).toBe("legacy.thing");
    expect(Object.values(AUDIT_ACTIONS).every((label) => label.length > 0 && !label.includes("_"))).toBe(true);
  });
});

describe("describeDetail", () => {
  const names = new Map([
    ["s1", "Maya Chen"],
    ["s2", "Daniel Brooks"],
  ]);
  const read = (action: string, detail: Record<string, unknown>) => describeDetail({ action, detail }, names, "America/New_York");

  it("reads in words, never in raw codes or ISO dates", () => {
    expect(read("link.sent", { channel: "in_store", holds: 1 })).toBe("By QR code in store, 1 item");
    expect(read("link.sent", { channel: "sms", holds: 3 })).toBe("By text message, 3 items");
    expect(read("follow_up.set", { dueOn: "2026-12-06", reason: "Coat altered" })).toBe("Due Sun, Dec 6, 2026: Coat altered");
    expect(read("hold.extended", { expiresAt: "2026-12-02T01:00:00.000Z" })).toBe("Until Tue, Dec 1, 8:00 PM");
    expect(read("contact.logged", { kind: "pick_up" })).toBe("Picked up a hold");
    expect(read("customer.reassigned", { from: "s1", to: "s2" })).toBe("From Maya Chen to Daniel Brooks");
    expect(read("mention.customer_linked", { handle: "aliciaf", network: "x", posts: 2 })).toBe("X @aliciaf, 2 posts");
    expect(read("customer.created", { from: "mention", mentionId: "m1" })).toBe("From a social post");
    expect(read("mention.replied", { reply: "x".repeat(100) })).toMatch(/^“x{79}…”$/);
    expect(read("customer.consent_withdrawn", { channel: "sms", by: "sms" })).toBe("For text messages, by texting the store");
    expect(read("customer.consent_withdrawn", { channel: "phone" })).toBe("For phone calls");
    expect(read("message.received", { channel: "sms", keyword: "stop" })).toBe("Texted STOP");
    expect(read("message.received", { channel: "sms", keyword: null })).toBe("");
    expect(read("message.sent", { channel: "sms", inReplyTo: "i1" })).toBe("Answering their text");
  });

  it("says nothing rather than something wrong when the detail is missing or odd", () => {
    expect(read("follow_up.set", { dueOn: "not a date" })).toBe("");
    expect(read("link.sent", {})).toBe("");
    expect(read("hold.placed", { expiresAt: "garbage" })).toBe("");
    expect(read("unknown.action", { outcome: "x" })).toBe("");
  });
});
