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
