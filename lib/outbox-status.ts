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
  if (m.transport === "record") return { label: m.channel === "sms" ? "Not sent: no SMS provider" : "Not sent: no mail server", tone: "neutral" };
  return STATUS[m.status];
}
