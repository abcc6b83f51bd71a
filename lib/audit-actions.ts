/**
 * Every action the audit trail records, with how it reads for a manager.
 *
 * This is the one list: the audit_log.action column is typed with it (both
 * schemas), so a writer cannot record an action that is missing here, and the
 * audit view's labels and filter are built from it. Adding an action means
 * adding it here first.
 */
export const AUDIT_ACTIONS = {
  "customer.viewed": "Viewed the profile",
  "customer.created": "Added a customer",
  "customer.reassigned": "Moved to another associate",
  "customer.reassign_undone": "Undid a move to another associate",
  "customer.created_from_events": "Created from the online store's events",
  "customers.imported": "Imported customers from a file",
  "preferences.updated": "Changed preferences",
  "note.added": "Added a note",
  "note.edited": "Edited a note",
  "note.deleted": "Deleted a note",
  "note.delete_undone": "Undid deleting a note",
  "hold.placed": "Put an item aside",
  "hold.picked_up": "Marked a hold picked up",
  "hold.released": "Released a hold",
  "hold.expired": "Closed an expired hold",
  "hold.release_undone": "Undid releasing a hold",
  "hold.pick_up_undone": "Undid a pick-up",
  "hold.extended": "Extended a hold",
  "appointment.booked": "Booked an appointment",
  "appointment.moved": "Moved an appointment",
  "appointment.cancelled": "Cancelled an appointment",
  "appointment.kept": "Marked an appointment kept",
  "appointment.no_show": "Marked an appointment a no-show",
  "link.sent": "Sent the customer a link",
  "link.revoked": "Turned a link off",
  "selection.sent": "Sent the customer a selection",
  "question.answered": "Answered a question from the customer's page",
  "message.sent": "Sent a message",
  "message.retried": "Sent a failed message again",
  "message.received": "Received a text or an email",
  "message.assigned": "Claimed or assigned a message",
  "message.dismissed": "Dismissed a message",
  "mention.replied": "Answered a post",
  "mention.dismissed": "Dismissed a post",
  "mention.dismiss_undone": "Undid dismissing a post",
  "mention.product_linked": "Linked a post to a product",
  "mention.customer_linked": "Linked a post to a customer",
  "mention.assigned": "Claimed or assigned a post",
  "follow_up.set": "Set a follow-up",
  "follow_up.done": "Did a follow-up",
  "follow_up.cancelled": "Removed a follow-up",
  "contact.logged": "Logged a call, message or visit",
  "customer.coming": "Customer said when they will come",
  "customer.released": "Customer let an item go",
  "customer.question": "Customer asked a question",
  "customer.selection_held": "Customer held an item of a selection",
  "customer.selection_declined": "Customer said an item of a selection was not for them",
  "customer.preferences_corrected": "Customer corrected their details",
  "customer.consent_withdrawn": "Customer withdrew consent",
  "customer.consent_given": "Customer gave consent again",
  "customer.handle_unlinked": "Customer unlinked a social handle",
  "customer.erasure_requested": "Customer asked to be forgotten",
  "source_key.created": "Created an event source key",
  "source_key.revoked": "Revoked an event source key",
  "store.hours_changed": "Changed the store's opening hours",
  "store.closure_added": "Closed the store for a day",
  "store.closure_removed": "Reopened a closed day",
  "account.connected": "Connected the store's account on a network",
  "account.disconnected": "Disconnected the store's account on a network",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** How an action reads; one recorded before this list existed shows as recorded. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
}

/** The actions in groups, for the audit view's filter. */
export const AUDIT_ACTION_GROUPS: ReadonlyArray<{ label: string; actions: AuditAction[] }> = (() => {
  const groups: Array<{ label: string; prefix: string[] }> = [
    { label: "Customers", prefix: ["customer.viewed", "customer.created", "customer.reassigned", "customer.created_from_events", "customers.", "preferences.", "contact."] },
    { label: "Holds", prefix: ["hold."] },
    { label: "Notes", prefix: ["note."] },
    { label: "Follow-ups", prefix: ["follow_up."] },
    { label: "Posts", prefix: ["mention."] },
    { label: "Appointments", prefix: ["appointment."] },
    { label: "Links and selections", prefix: ["link.", "question.", "selection."] },
    { label: "Messages", prefix: ["message."] },
    { label: "The customer, on their page", prefix: ["customer."] },
    { label: "Event sources", prefix: ["source_key."] },
    { label: "The store", prefix: ["store.", "account."] },
  ];
  const placed = new Set<AuditAction>();
  return groups.map(({ label, prefix }) => {
    const actions = AUDIT_ACTION_NAMES.filter((a) => !placed.has(a) && prefix.some((p) => (p.endsWith(".") ? a.startsWith(p) : a === p)));
    for (const a of actions) placed.add(a);
    return { label, actions };
  });
})();
