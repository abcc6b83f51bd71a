import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

/**
 * A small SMTP server on 127.0.0.1 for unit tests: the app sends through its
 * real SMTP transport (nodemailer), and every message is kept as it arrived
 * (raw RFC 5322) and parsed, for tests to read its headers. It can refuse the
 * next message as a mail server would (550). Nothing is relayed anywhere.
 */
export interface SmtpCapture {
  port: number;
  messages: ParsedMail[];
  raw: string[];
  /** The next message is refused with "550 <reason>". */
  refuseNext(reason?: string): void;
  close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: ParsedMail[] = [];
  const raw: string[] = [];
  let refusal: string | null = null;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusal !== null) {
          const error = Object.assign(new Error(refusal), { responseCode: 550 });
          refusal = null;
          callback(error);
          return;
        }
        const bytes = Buffer.concat(chunks);
        raw.push(bytes.toString("utf8"));
        simpleParser(bytes)
          .then((mail) => messages.push(mail))
          .finally(() => callback());
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    raw,
    refuseNext(reason = "Mailbox unavailable") {
      refusal = reason;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
