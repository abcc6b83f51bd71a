import type { CustomerProfile } from "@/lib/customer-profile";
import type { CustomerMessages } from "@/lib/conversations";
import { formatRelative } from "@/lib/format";
import { describeLinkState } from "@/lib/link-tokens";
import { outboxStatus } from "@/lib/outbox-status";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { channelSetUp } from "@/lib/transports";
import { RevokeLink, SendLinkForm } from "./send-link";

type Messages = CustomerMessages["sent"];

/** The ways a link can reach her: a channel set up on this server that she agreed to, or a QR code on the tablet. */
export function linkChannels(customer: Pick<CustomerProfile["customer"], "email" | "phone" | "consentEmail" | "consentSms">) {
  const email = channelSetUp("email");
  const sms = channelSetUp("sms");
  return [
    {
      value: "email" as const,
      label: "Email",
      allowed: Boolean(email.ok && customer.email && customer.consentEmail),
      why: !email.ok ? email.why : !customer.consentEmail ? "no consent" : !customer.email ? "no address" : undefined,
    },
    {
      value: "sms" as const,
      label: "SMS",
      allowed: Boolean(sms.ok && customer.phone && customer.consentSms),
      why: !sms.ok ? sms.why : !customer.consentSms ? "no consent" : !customer.phone ? "no number" : undefined,
    },
    { value: "in_store" as const, label: "QR code here", allowed: true },
  ];
}

/** Sending the customer a private link to what is set aside, and the links sent, with until when each works. */
export function CustomerLinkCard({ profile, storeId, timeZone, messages, now }: { profile: CustomerProfile; storeId: string; timeZone: string; messages: Messages; now: Date }) {
  const { customer } = profile;
  // Links sent; answers written on her page and replies to her posts are in the conversation.
  const links = messages.filter((m) => m.channel !== "page" && m.channel !== "x" && m.channel !== "instagram");
  const held = profile.holds.filter((h) => h.status === "active" && h.storeId === storeId);
  const channels = linkChannels(customer);
  return (
    <Card title={`Send to ${customer.firstName}`} id="send-link">
      {held.length ? (
        <SendLinkForm
          customerId={customer.id}
          firstName={customer.firstName}
          items={held.map((h) => ({ id: h.id, label: `${h.product.name}, ${h.variant.colour} ${h.variant.size}` }))}
          channels={channels}
        />
      ) : (
        <p className="pb-2 text-muted">
          Nothing is on hold for {customer.firstName} at your store yet. <a href="#put-aside" className="font-medium text-accent underline-offset-2 hover:underline">Put something aside</a>, then send {customer.firstName} a private link to see it.
        </p>
      )}
      {links.length ? (
        <div className="mt-4 border-t border-line pt-3">
          <h3 className="mb-2 text-sm font-semibold">Links sent</h3>
          <ul className="space-y-3">
            {links.map((m) => {
              // The link itself is not kept (only sent): staff see whether it still works, and until when.
              const link = m.linkExpiresAt ? describeLinkState({ expiresAt: m.linkExpiresAt, revokedAt: m.linkRevokedAt }, now, timeZone) : null;
              return (
                <li key={m.id} className="space-y-1 rounded-lg bg-stone-50 p-3">
                  <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
                    {m.channel === "in_store" ? "QR code shown in store" : `${m.channel === "sms" ? "SMS" : "Email"} to ${m.recipient}`} · {m.staffName.split(" ")[0]} ·{" "}
                    {formatRelative(m.createdAt, now)}
                    {/* Only what went wrong or did not go at all: "Sent" is the usual case, and a QR code says so already. */}
                    {m.channel === "in_store" || ((m.status === "sent" || m.status === "delivered") && m.transport !== "record") ? null : <Badge tone={outboxStatus(m).tone}>{outboxStatus(m).label}</Badge>}
                    {link ? <Badge tone={link.active ? "good" : "neutral"}>{link.label}</Badge> : null}
                  </p>
                  {/* The message itself is in the conversation above. */}
                  {link?.active && m.linkId ? <RevokeLink customerId={customer.id} linkId={m.linkId} /> : null}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
