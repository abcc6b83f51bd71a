// Names shared by both databases' schemas and the domain code.

export const STAFF_ROLES = ["associate", "manager"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const NETWORKS = ["x", "instagram", "tiktok", "facebook"] as const;
export type Network = (typeof NETWORKS)[number];
export const ONLINE_EVENT_TYPES = [
  "product_viewed",
  "wishlist_added",
  "cart_added",
  "cart_removed",
  "cart_viewed",
  "checkout_started",
  "searched",
  "order_completed",
] as const;
export type OnlineEventType = (typeof ONLINE_EVENT_TYPES)[number];
export const MENTION_STATUSES = ["new", "replied", "dismissed"] as const;
export const HOLD_STATUSES = ["active", "picked_up", "released", "expired"] as const;
export const SEARCH_TERM_KINDS = ["name", "email", "phone", "handle", "pair"] as const;
export const LINK_CHANNELS = ["email", "sms", "in_store"] as const;
/** How a customer answered an item of a selection on her page. */
export const SELECTION_RESPONSES = ["held", "not_for_me", "asked"] as const;
/** Where the outbox's messages go: a link's channels, the customer's own page (an answer to a question asked there), and replies to posts on X and Instagram. */
export const OUTBOX_CHANNELS = [...LINK_CHANNELS, "page", "x", "instagram"] as const;
/** The networks a store connects its own account on, to send replies to posts from. */
export const SOCIAL_ACCOUNT_NETWORKS = ["x", "instagram"] as const;
export type SocialAccountNetwork = (typeof SOCIAL_ACCOUNT_NETWORKS)[number];
export const OUTBOX_STATUSES = ["queued", "sent", "delivered", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** How customers write to the store outside social networks and their page. */
export const INBOUND_CHANNELS = ["sms", "email"] as const;
export const INBOUND_STATUSES = ["waiting", "answered", "dismissed"] as const;
export const FOLLOW_UP_STATUSES = ["open", "done", "cancelled"] as const;
export const CONTACT_KINDS = ["link_sent", "mention_reply", "follow_up", "pick_up", "call", "visit", "message"] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
/** What an appointment is for; each store names and times its own types of each kind. */
export const APPOINTMENT_KINDS = ["styling", "fitting", "pick_up"] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
/** booked → kept or no_show (marked by staff after the start), or cancelled (by the customer or staff). */
export const APPOINTMENT_STATUSES = ["booked", "cancelled", "kept", "no_show"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/** How a customer who booked wants to hear from the store about it. */
export const APPOINTMENT_CHANNELS = ["email", "sms"] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];
/** The messages sent about an appointment; the reminders are sent once per start time. */
export const APPOINTMENT_MESSAGE_KINDS = ["confirmation", "reminder_24h", "reminder_2h", "moved", "cancelled"] as const;
export type AppointmentMessageKind = (typeof APPOINTMENT_MESSAGE_KINDS)[number];
