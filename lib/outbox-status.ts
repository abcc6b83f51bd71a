const STATUS = {
  sent: { label: "Sent", tone: "good" },
  delivered: { label: "Delivered", tone: "good" },
  queued: { label: "Sending", tone: "warn" },
  failed: { label: "Not delivered", tone: "bad" },
} as const;

/**
 * What happened to a message, for the Outbox. One that was only kept here
 * (written when the server had no mail server or SMS provider) was never
 * sent, and says so rather than "Sent".
 */
export function outboxStatus(m: { status: keyof typeof STATUS; channel: string; transport: string }): { label: string; tone: "good" | "warn" | "bad" | "neutral" } {
  if (m.channel === "in_store") return { label: "Shown in store", tone: "good" };
  if (m.channel === "page") return { label: "On her page", tone: "good" };
  // A reply on a network is published or not: there is no delivery report to wait for.
  if (m.channel === "x" || m.channel === "instagram") return m.status === "failed" ? { label: "Failed", tone: "bad" } : STATUS[m.status];
  if (m.transport === "record") return { label: m.channel === "sms" ? "Not sent: no SMS provider" : "Not sent: no mail server", tone: "neutral" };
  return STATUS[m.status];
}

/**
 * Whether a message can be sent again (lib/outbox-retry.ts): only one that
 * failed, on a channel that really sends. An email that carried a private
 * link cannot: the link was turned off when it failed, so a new link is sent
 * instead.
 */
export function isRetryable(m: { status: string; channel: string; transport: string; linkId?: string | null }): boolean {
  if (m.status !== "failed" || m.transport === "record") return false;
  if (m.channel === "x" || m.channel === "instagram" || m.channel === "sms") return true;
  return m.channel === "email" && !m.linkId;
}
