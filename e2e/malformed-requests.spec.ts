import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { E2E_WRITE_KEY } from "./support/fixtures";
import { send, signInOverHttp, type Answer } from "./support/http";
import { E2E_DATABASE_PATH } from "./support/database";

// Issue 14, finding 7: requests no form of ours sends, which Next or our code
// used to answer with a 500. Each gets a 4xx with a plain sentence, or the
// action's own plain answer, and changes nothing. Sent by hand as a Server
// Action request is on the wire: a `Next-Action` header naming the action and
// React's multipart encoding of its arguments ("_1_<field>" for the form, "0"
// for the argument list, last).

const CLIENT_ADDRESS = "127.0.0.4";
const LIMIT = 9 * 1024 * 1024;

/** The build's id for a server action, from the manifest `next build` wrote. */
function actionId(name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(".next", "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, action]) => action.exportedName === name);
  if (!found) throw new Error(`No server action ${name} in this build`);
  return found[0];
}

function multipart(fields: [string, string][], boundary = "----shopkeeper-e2e-7d1c") {
  const body = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

let baseURL: string;
let cookie: string;
let customerId: string;
let page: string;
let addNote: string;

/** Notes on the customer the requests are about: none of the malformed ones may add one. */
function noteCount(): number {
  const db = new Database(E2E_DATABASE_PATH, { readonly: true });
  try {
    return (db.prepare("select count(*) as n from notes where customer_id = ?").get(customerId) as { n: number }).n;
  } finally {
    db.close();
  }
}

function note(body: string, headers: Record<string, string> = {}, contentType?: string): Promise<Answer> {
  return send(baseURL, page, {
    method: "POST",
    cookie,
    localAddress: CLIENT_ADDRESS,
    headers: { "next-action": addNote, accept: "text/x-component", origin: new URL(baseURL).origin, ...(contentType ? { "content-type": contentType } : {}), ...headers },
    body,
  });
}
const fields = (text: string): [string, string][] => [["_1_customerId", customerId], ["_1_body", text], ["0", '[{},"$K1"]']];

test.beforeAll(async ({ baseURL: base }) => {
  baseURL = base!;
  cookie = await signInOverHttp(baseURL, "maya@shop.example", CLIENT_ADDRESS);
  const db = new Database(E2E_DATABASE_PATH, { readonly: true });
  try {
    // One of Maya's clients other than Alicia, whose notes other specs look at.
    const row = db.prepare("select c.id from customers c join staff s on s.id = c.assigned_staff_id where s.email = 'maya@shop.example' and c.first_name <> 'Alicia' order by c.id limit 1").get() as { id: string };
    customerId = row.id;
  } finally {
    db.close();
  }
  page = `/customers/${customerId}`;
  addNote = actionId("addNoteAction");
});

test("a well-formed note, sent the same way, is saved", async () => {
  const before = noteCount();
  const form = multipart(fields("Sent by hand, well formed"));
  const answer = await note(form.body, {}, form.type);
  expect(answer.status).toBe(200);
  expect(noteCount()).toBe(before + 1);
});

test("malformed Server Action requests get a plain 4xx and save nothing", async () => {
  const before = noteCount();
  const plain = (answer: Answer, status: number, sentence: RegExp) => {
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.body).toMatch(sentence);
  };
  const big = multipart(fields("x".repeat(LIMIT)));
  plain(await note(big.body, {}, big.type), 413, /more than 9 MB/);
  const whole = multipart(fields("cut short"));
  plain(await note(whole.body.slice(0, -30), {}, whole.type), 400, /arrived incomplete/);
  plain(await note(whole.body, {}, "multipart/form-data"), 400, /arrived incomplete/);
  plain(await note(whole.body, { origin: "https://evil.example" }, whole.type), 403, /from another site/);
  // The same, as a form posted before JavaScript loads: no Next-Action header, the action named in the form.
  const mpa = multipart([[`$ACTION_ID_${addNote}`, ""], ["customerId", customerId], ["body", "cross-site"]]);
  const crossSite = await send(baseURL, page, { method: "POST", cookie, localAddress: CLIENT_ADDRESS, headers: { origin: "https://evil.example", "content-type": mpa.type }, body: mpa.body });
  plain(crossSite, 403, /from another site/);
  expect(noteCount()).toBe(before);
});

test("an action given something other than a form answers plainly and saves nothing", async () => {
  const before = noteCount();
  for (const argument of ["[{},{\"customerId\":\"x\",\"body\":\"forged\"}]", '[{},"customerId=x"]', "[]"]) {
    const answer = await note(argument, {}, "text/plain;charset=UTF-8");
    expect(answer.status, argument).toBe(200);
    expect(answer.body).toContain("This form could not be read, so nothing was saved.");
  }
  // A field named __proto__ is ignored: the form is refused for its empty note, with no server error.
  const proto = multipart([["_1___proto__", "x"], ["_1_constructor", "y"], ...fields("")]);
  const answer = await note(proto.body, {}, proto.type);
  expect(answer.status).toBe(200);
  expect(answer.body).toContain("Write something first.");
  expect(answer.body).not.toMatch(/E\{"digest"/);
  expect(noteCount()).toBe(before);
});

test("JSON nested 100,000 deep on /api/v1/batch is a 400 with a reason", async () => {
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const answer = await send(baseURL, "/api/v1/batch", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${E2E_WRITE_KEY}:`).toString("base64")}` },
    body: `{"batch":[{"type":"track","event":"Product Viewed","userId":"u-1","properties":${deep}}]}`,
  });
  expect(answer.status).toBe(400);
  expect(JSON.parse(answer.body)).toEqual({ success: false, error: "The JSON is nested more than 64 levels deep. Send flatter objects." });
});
