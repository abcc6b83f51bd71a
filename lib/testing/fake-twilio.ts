import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { twilioSignature } from "../providers/twilio-signature";

/**
 * A small Twilio on 127.0.0.1 for tests and end-to-end runs. It answers the
 * Messages resource as Twilio does (201 and the Message as JSON, 401 with
 * error 20003 for wrong credentials, or an error it was told to give),
 * records every request as it arrived, and sends status callbacks and
 * incoming texts to the app signed with X-Twilio-Signature exactly as Twilio
 * signs them. Nothing reaches the real Twilio.
 */

export interface RecordedTwilioRequest {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  form: Record<string, string>;
}

export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  status: number;
}

export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  requests: RecordedTwilioRequest[];
  messages: FakeTwilioMessage[];
  /** The next create answers with this error (Twilio's error JSON), once. */
  failNext(error?: Partial<TwilioErrorBody>): void;
  /** Posts a signed status callback for a message it took, to the StatusCallback Shopkeeper gave. */
  reportStatus(sid: string, status: "queued" | "sent" | "delivered" | "undelivered" | "failed", errorCode?: string): Promise<Response>;
  /** Posts a signed incoming text to Shopkeeper's /api/webhooks/twilio/sms at `appUrl`. */
  sendIncoming(appUrl: string, text: { from: string; to: string; body: string; sid?: string }): Promise<Response>;
  close(): Promise<void>;
}

export const twilioSid = (prefix: "AC" | "SM") => `${prefix}${randomBytes(16).toString("hex")}`;

/** Test credentials: an Account SID of the real shape and a 32-character token. */
export const FAKE_TWILIO_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const FAKE_TWILIO_AUTH_TOKEN = "fake-twilio-auth-token-0123456789";

/** A form post to `url` with the X-Twilio-Signature Twilio would send. */
export function signedTwilioRequest(url: string, params: Record<string, string>, authToken: string, signature = twilioSignature(url, params, authToken)): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", "x-twilio-signature": signature, "user-agent": "TwilioProxy/1.1" },
    body: new URLSearchParams(params).toString(),
  });
}

/** A status callback's parameters, as Twilio posts them. */
export function statusCallbackParams({ accountSid, sid, from, to, status, errorCode }: { accountSid: string; sid: string; from: string; to: string; status: string; errorCode?: string }): Record<string, string> {
  return {
    SmsSid: sid,
    SmsStatus: status,
    MessageStatus: status,
    To: to,
    MessageSid: sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: "2010-04-01",
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  };
}

/** An incoming SMS's parameters, as Twilio posts them to the number's webhook. */
export function incomingSmsParams({ accountSid, sid = twilioSid("SM"), from, to, body }: { accountSid: string; sid?: string; from: string; to: string; body: string }): Record<string, string> {
  return {
    ToCountry: "US",
    ToState: "NY",
    SmsMessageSid: sid,
    NumMedia: "0",
    ToCity: "NEW YORK",
    FromZip: "10019",
    SmsSid: sid,
    FromState: "NY",
    SmsStatus: "received",
    FromCity: "NEW YORK",
    Body: body,
    FromCountry: "US",
    To: to,
    ToZip: "10019",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: "2010-04-01",
  };
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

/**
 * Starts the fake. With `logFile` (an end-to-end run, where specs are another
 * process) every request is also appended to it as a line of JSON, with the
 * SID it answered, for specs to read with readFakeTwilioLog.
 */
export async function startFakeTwilio({ port = 0, accountSid = FAKE_TWILIO_ACCOUNT_SID, authToken = FAKE_TWILIO_AUTH_TOKEN, logFile }: { port?: number; accountSid?: string; authToken?: string; logFile?: string } = {}): Promise<FakeTwilio> {
  if (logFile) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    fs.writeFileSync(logFile, "");
  }
  const log = (entry: RecordedTwilioRequest, sid: string | null) => {
    if (logFile) fs.appendFileSync(logFile, `${JSON.stringify({ ...entry, sid })}\n`);
  };
  const requests: RecordedTwilioRequest[] = [];
  const messages: FakeTwilioMessage[] = [];
  let failure: TwilioErrorBody | null = null;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;

  const server = http.createServer(async (request, response) => {
    const text = await readBody(request);
    const path = (request.url ?? "/").split("?")[0]!;
    const form = Object.fromEntries(new URLSearchParams(text));
    const recorded = { method: request.method ?? "", path, authorization: request.headers.authorization ?? null, contentType: request.headers["content-type"] ?? null, form };
    requests.push(recorded);
    let answeredSid: string | null = null;
    response.on("finish", () => log(recorded, answeredSid));
    const moreInfo = (code: number) => `https://www.twilio.com/docs/errors/${code}`;
    if (request.method !== "POST" || !/^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(path)) {
      return send(response, 404, { code: 20404, message: `The requested resource ${path} was not found`, more_info: moreInfo(20404), status: 404 });
    }
    if (request.headers.authorization !== expectedAuth || path !== messagesPath) {
      return send(response, 401, { code: 20003, message: "Authenticate", more_info: moreInfo(20003), status: 401 });
    }
    if (failure) {
      const error = failure;
      failure = null;
      return send(response, error.status, { ...error, more_info: moreInfo(error.code) });
    }
    if (!form.To) return send(response, 400, { code: 21604, message: "A 'To' phone number is required.", more_info: moreInfo(21604), status: 400 });
    if (!form.Body) return send(response, 400, { code: 21602, message: "Message body is required.", more_info: moreInfo(21602), status: 400 });
    const sid = twilioSid("SM");
    answeredSid = sid;
    messages.push({ sid, to: form.To, from: form.From ?? "", body: form.Body, statusCallback: form.StatusCallback ?? null });
    const now = new Date().toUTCString().replace("GMT", "+0000");
    send(response, 201, {
      account_sid: accountSid,
      api_version: "2010-04-01",
      body: form.Body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: form.From,
      messaging_service_sid: null,
      num_media: "0",
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid,
      status: "queued",
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to: form.To,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${actual}`,
    accountSid,
    authToken,
    requests,
    messages,
    failNext(error = {}) {
      failure = { code: 20500, message: "An internal server error has occurred", status: 500, ...error };
    },
    async reportStatus(sid, status, errorCode) {
      const message = messages.find((m) => m.sid === sid);
      if (!message?.statusCallback) throw new Error(`The fake Twilio has no message ${sid} with a StatusCallback.`);
      const params = statusCallbackParams({ accountSid, sid, from: message.from, to: message.to, status, errorCode });
      return fetch(signedTwilioRequest(message.statusCallback, params, authToken));
    },
    async sendIncoming(appUrl, text) {
      const params = incomingSmsParams({ accountSid, ...text });
      return fetch(signedTwilioRequest(`${appUrl.replace(/\/+$/, "")}/api/webhooks/twilio/sms`, params, authToken));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What an end-to-end run's fake Twilio was sent, oldest first (see startFakeTwilio's logFile). */
export function readFakeTwilioLog(logFile: string): Array<RecordedTwilioRequest & { sid: string | null }> {
  if (!fs.existsSync(logFile)) return [];
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedTwilioRequest & { sid: string | null });
}
