import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeTwilioError, sendTwilioSms, twilioFromEnv, twilioSignature, verifyTwilioSignature, type TwilioSettings } from "./twilio";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, startFakeTwilio, type FakeTwilio } from "@/lib/testing/fake-twilio";

describe("X-Twilio-Signature", () => {
  // The example in Twilio's security documentation, with the signature it gives.
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const params = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" };

  it("is computed as Twilio computes it", () => {
    expect(twilioSignature(url, params, "12345")).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  });

  it("accepts a good signature whatever order the form's parameters came in", () => {
    const reversed = new URLSearchParams(Object.entries(params).reverse());
    expect(verifyTwilioSignature({ url, params: reversed, signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", authToken: "12345" })).toBe(true);
    expect(verifyTwilioSignature({ url, params, signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", authToken: "12345" })).toBe(true);
  });

  it("refuses a bad, missing or differently keyed signature, another URL, and a changed parameter", () => {
    const good = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
    expect(verifyTwilioSignature({ url, params, signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ", authToken: "12345" })).toBe(false);
    expect(verifyTwilioSignature({ url, params, signature: "1/KCTR6DLpKmkAf8muzZqo1nDgQ=", authToken: "12345" })).toBe(false);
    expect(verifyTwilioSignature({ url, params, signature: null, authToken: "12345" })).toBe(false);
    expect(verifyTwilioSignature({ url, params, signature: "", authToken: "12345" })).toBe(false);
    expect(verifyTwilioSignature({ url, params, signature: good, authToken: "54321" })).toBe(false);
    expect(verifyTwilioSignature({ url: url.replace("https:", "http:"), params, signature: good, authToken: "12345" })).toBe(false);
    expect(verifyTwilioSignature({ url, params: { ...params, Digits: "1235" }, signature: good, authToken: "12345" })).toBe(false);
    expect(verifyTwilioSignature({ url, params: { ...params, Extra: "" }, signature: good, authToken: "12345" })).toBe(false);
  });
});

describe("twilioFromEnv", () => {
  it("needs both the SID and the token; the base URL defaults to Twilio's", () => {
    expect(twilioFromEnv({})).toBeNull();
    expect(twilioFromEnv({ TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID })).toBeNull();
    expect(twilioFromEnv({ TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: " " })).toBeNull();
    expect(twilioFromEnv({ TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN })).toEqual({
      accountSid: FAKE_TWILIO_ACCOUNT_SID,
      authToken: FAKE_TWILIO_AUTH_TOKEN,
      baseUrl: "https://api.twilio.com",
    });
    expect(twilioFromEnv({ TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN, TWILIO_BASE_URL: "http://127.0.0.1:9/" })?.baseUrl).toBe("http://127.0.0.1:9");
  });
});

describe("sendTwilioSms", () => {
  let fake: FakeTwilio;
  let settings: TwilioSettings;
  beforeEach(async () => {
    fake = await startFakeTwilio();
    settings = { accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url };
  });
  afterEach(async () => fake.close());

  it("creates a Message with a form post and HTTP Basic, and returns Twilio's SID and status", async () => {
    const sent = await sendTwilioSms(settings, { from: "+12125550100", to: "+12125550143", body: "Your coat is in — Maya", statusCallback: "https://shop.example/api/webhooks/twilio/status" });
    expect(sent).toEqual({ providerId: fake.messages[0]!.sid, status: "queued" });
    expect(sent.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.requests).toEqual([
      {
        method: "POST",
        path: `/2010-04-01/Accounts/${FAKE_TWILIO_ACCOUNT_SID}/Messages.json`,
        authorization: `Basic ${Buffer.from(`${FAKE_TWILIO_ACCOUNT_SID}:${FAKE_TWILIO_AUTH_TOKEN}`).toString("base64")}`,
        contentType: "application/x-www-form-urlencoded",
        form: { To: "+12125550143", From: "+12125550100", Body: "Your coat is in — Maya", StatusCallback: "https://shop.example/api/webhooks/twilio/status" },
      },
    ]);
  });

  it("throws Twilio's message and code, never the token", async () => {
    fake.failNext({ code: 21211, message: "The 'To' number +1555 is not a valid phone number.", status: 400 });
    const error = await sendTwilioSms(settings, { from: "+12125550100", to: "+1555", body: "Hi" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("Twilio error 21211: The 'To' number +1555 is not a valid phone number.");
    expect((error as Error).message).not.toContain(FAKE_TWILIO_AUTH_TOKEN);

    fake.failNext();
    await expect(sendTwilioSms(settings, { from: "+12125550100", to: "+12125550143", body: "Hi" })).rejects.toThrow("Twilio error 20500: An internal server error has occurred");
    await expect(sendTwilioSms({ ...settings, authToken: "wrong-token-wrong-token-0000" }, { from: "+12125550100", to: "+12125550143", body: "Hi" })).rejects.toThrow("Twilio error 20003: Authenticate");
    // No StatusCallback when there is none to give.
    expect(fake.requests.at(-1)?.form).not.toHaveProperty("StatusCallback");
  });

  it("says plainly when Twilio cannot be reached", async () => {
    await fake.close();
    await expect(sendTwilioSms(settings, { from: "+12125550100", to: "+12125550143", body: "Hi" })).rejects.toThrow("Twilio could not be reached.");
    fake = await startFakeTwilio();
  });

  it("names delivery errors in plain words where it knows them", () => {
    expect(describeTwilioError("30003")).toBe("Twilio error 30003 (the phone is off or out of reach)");
    expect(describeTwilioError("39999")).toBe("Twilio error 39999");
  });
});

describe("the fake Twilio's signed posts", () => {
  it("signs a status callback and an incoming text exactly as the app checks them", async () => {
    const fake = await startFakeTwilio();
    const received: Array<{ url: string; signature: string; form: URLSearchParams }> = [];
    const app = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        received.push({ url: `http://127.0.0.1:${(app.address() as AddressInfo).port}${request.url}`, signature: String(request.headers["x-twilio-signature"]), form: new URLSearchParams(body) });
        response.end("<Response/>");
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      const settings = { accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url };
      const { providerId } = await sendTwilioSms(settings, { from: "+12125550100", to: "+12125550143", body: "Hi", statusCallback: `${appUrl}/api/webhooks/twilio/status` });
      expect((await fake.reportStatus(providerId, "undelivered", "30003")).status).toBe(200);
      expect((await fake.sendIncoming(appUrl, { from: "+12125550143", to: "+12125550100", body: "STOP" })).status).toBe(200);
      expect(received.map((r) => [new URL(r.url).pathname, r.form.get("MessageStatus") ?? r.form.get("Body"), r.form.get("ErrorCode")])).toEqual([
        ["/api/webhooks/twilio/status", "undelivered", "30003"],
        ["/api/webhooks/twilio/sms", "STOP", null],
      ]);
      for (const r of received) {
        expect(verifyTwilioSignature({ url: r.url, params: r.form, signature: r.signature, authToken: FAKE_TWILIO_AUTH_TOKEN })).toBe(true);
        expect(verifyTwilioSignature({ url: r.url, params: r.form, signature: r.signature, authToken: "another-token-0123456789" })).toBe(false);
      }
    } finally {
      await fake.close();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});
