import { randomUUID } from "node:crypto";

/**
 * An inbound email as Postmark's inbound webhook posts it (JSON, the shape in
 * https://postmarkapp.com/developer/webhooks/inbound-webhook), for tests and
 * end-to-end runs: an answer from `from` to `to`, with her mail app's quote
 * of what she answers under it.
 */
export function postmarkInboundEmail(input: { from: string; fromName?: string; to: string; subject?: string; text: string; messageId?: string; headerMessageId?: string; cc?: string[]; quoted?: string; strippedReply?: boolean }) {
  const messageId = input.messageId ?? randomUUID();
  const quoted = input.quoted ?? "Your coat is in.";
  const textBody = `${input.text}\n\nOn Mon, Mar 2, 2026 at 10:00 AM Fifth Avenue <stores@shop.example> wrote:\n> ${quoted.split("\n").join("\n> ")}\n`;
  return {
    FromName: input.fromName ?? "Alicia Fernández",
    MessageStream: "inbound",
    From: input.from,
    FromFull: { Email: input.from, Name: input.fromName ?? "Alicia Fernández", MailboxHash: "" },
    To: input.to,
    ToFull: [{ Email: input.to, Name: "", MailboxHash: input.to.includes("+") ? input.to.slice(input.to.indexOf("+") + 1, input.to.indexOf("@")) : "" }],
    Cc: (input.cc ?? []).join(", "),
    CcFull: (input.cc ?? []).map((email) => ({ Email: email, Name: "", MailboxHash: "" })),
    Bcc: "",
    BccFull: [],
    OriginalRecipient: input.to,
    Subject: input.subject ?? "Re: Alicia, we have set something aside for you",
    MessageID: messageId,
    ReplyTo: "",
    MailboxHash: "",
    Date: "Mon, 2 Mar 2026 10:05:00 -0500",
    TextBody: textBody,
    HtmlBody: `<div>${input.text}</div><blockquote>${quoted}</blockquote>`,
    StrippedTextReply: input.strippedReply === false ? "" : input.text,
    Tag: "",
    Headers: [
      { Name: "X-Spam-Checker-Version", Value: "SpamAssassin 3.3.1 (2010-03-16) onrs-ord-pm-inbound1.wildbit.com" },
      { Name: "X-Spam-Status", Value: "No" },
      { Name: "Message-ID", Value: input.headerMessageId ?? `<${messageId}@mail.example.com>` },
    ],
    Attachments: [],
  };
}
