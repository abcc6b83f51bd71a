import { describe, expect, it } from "vitest";
import { contactChoices } from "./contacts-labels";

describe("contactChoices", () => {
  it("never starts on Call for a client marked 'Phone: do not contact', and says why", () => {
    const { choices, initial } = contactChoices({ consentPhone: false, consentSms: true, consentEmail: false });
    expect(initial).toBe("message");
    expect(choices.find((c) => c.kind === "call")?.caution).toBe("asked not to be called");
    expect(choices.find((c) => c.kind === "message")?.caution).toBeUndefined();
  });

  it("starts on a visit when the customer agreed to neither calls nor messages", () => {
    const { choices, initial } = contactChoices({ consentPhone: false, consentSms: false, consentEmail: false });
    expect(initial).toBe("visit");
    expect(choices.map((c) => [c.kind, c.caution ?? null])).toEqual([
      ["call", "asked not to be called"],
      ["message", "asked not to get messages"],
      ["visit", null],
    ]);
  });

  it("starts on Call when calls are welcome", () => {
    expect(contactChoices({ consentPhone: true, consentSms: false, consentEmail: true }).initial).toBe("call");
  });
});
