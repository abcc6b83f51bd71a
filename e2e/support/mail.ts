import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { simpleParser, type ParsedMail } from "mailparser";

/** Where the e2e server's SMTP catcher writes what the app sends (playwright configs pass E2E_MAIL_DIR). */
export const MAIL_DIR = process.env.E2E_MAIL_DIR ?? path.resolve("data", "e2e-mail");

/** The newest email to this address that arrived after `since`, waiting for it to arrive. */
export async function latestMailTo(address: string, since: number): Promise<ParsedMail> {
  let found: ParsedMail | undefined;
  await expect(async () => {
    const files = fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR).sort().reverse() : [];
    for (const file of files) {
      const full = path.join(MAIL_DIR, file);
      if (fs.statSync(full).mtimeMs < since) continue;
      const mail = await simpleParser(fs.readFileSync(full));
      const to = [mail.to ?? []].flat().flatMap((t) => t.value.map((v) => v.address));
      if (to.includes(address)) {
        found = mail;
        return;
      }
    }
    throw new Error(`No email to ${address} yet`);
  }).toPass({ timeout: 10_000 });
  return found!;
}
