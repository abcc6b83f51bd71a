import { describe, expect, it } from "vitest";
import { outboxStatus } from "./outbox-status";
import { channelSetUp } from "./transports";

describe("outboxStatus", () => {
  it("never says Sent for a message that was only kept here", () => {
    expect(outboxStatus({ status: "sent", channel: "email", transport: "record" })).toEqual({ label: "Not sent: no mail server", tone: "neutral" });
    expect(outboxStatus({ status: "sent", channel: "sms", transport: "record" })).toEqual({ label: "Not sent: no SMS provider", tone: "neutral" });
    expect(outboxStatus({ status: "sent", channel: "in_store", transport: "record" }).label).toBe("Shown in store");
  });

  it("reads the delivery of a message that went through a real transport", () => {
    expect(outboxStatus({ status: "sent", channel: "email", transport: "smtp" }).label).toBe("Sent");
    expect(outboxStatus({ status: "failed", channel: "email", transport: "smtp" }).label).toBe("Not delivered");
    expect(outboxStatus({ status: "queued", channel: "email", transport: "smtp" }).label).toBe("Sending");
    expect(outboxStatus({ status: "delivered", channel: "sms", transport: "twilio" }).label).toBe("Delivered");
  });
});

describe("channelSetUp", () => {
  it("says which channels this server can reach a customer on", () => {
    expect(channelSetUp("email", {})).toEqual({ ok: false, why: "no mail server set up" });
    expect(channelSetUp("email", { SMTP_HOST: "127.0.0.1" })).toEqual({ ok: true });
    expect(channelSetUp("sms", { SMTP_HOST: "127.0.0.1" })).toEqual({ ok: false, why: "no SMS provider set up" });
    expect(channelSetUp("in_store", {})).toEqual({ ok: true });
  });
});
