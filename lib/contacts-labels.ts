import type { ContactKind } from "@/db/schema";

/** How each kind of contact reads, on profiles and in reports. */
export const CONTACT_LABELS: Record<ContactKind, string> = {
  link_sent: "Sent a link",
  mention_reply: "Answered a post",
  follow_up: "Followed up",
  pick_up: "Picked up a hold",
  call: "Call",
  visit: "Visit",
  message: "Message",
};

/** The ways staff can log a contact by hand on a profile. */
export const LOGGABLE_CONTACTS = ["call", "message", "visit"] as const satisfies readonly ContactKind[];

export interface ContactConsent {
  consentPhone: boolean;
  consentSms: boolean;
  consentEmail: boolean;
}

/**
 * The ways to log reaching a customer, each with a word when the customer
 * asked not to be contacted that way, and which one the form starts on: the
 * first they agreed to, so a client marked "Phone: do not contact" never
 * starts on Call. A visit needs no consent.
 */
export function contactChoices(consent: ContactConsent): { choices: Array<{ kind: (typeof LOGGABLE_CONTACTS)[number]; label: string; caution?: string }>; initial: (typeof LOGGABLE_CONTACTS)[number] } {
  const agreed = { call: consent.consentPhone, message: consent.consentSms || consent.consentEmail, visit: true } as const;
  const caution = { call: "asked not to be called", message: "asked not to get messages", visit: undefined } as const;
  return {
    choices: LOGGABLE_CONTACTS.map((kind) => ({ kind, label: CONTACT_LABELS[kind], caution: agreed[kind] ? undefined : caution[kind] })),
    initial: LOGGABLE_CONTACTS.find((kind) => agreed[kind]) ?? "visit",
  };
}
