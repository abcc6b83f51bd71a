import fs from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

/**
 * A small SMTP server on 127.0.0.1 for end-to-end runs: the app sends its
 * emails to it through its real SMTP transport, and each message is written
 * to a folder as it arrived (raw RFC 5322), for specs to read with mailparser.
 * Nothing is relayed anywhere.
 */
export async function startMailCatcher({ port, folder }: { port: number; folder: string }): Promise<SMTPServer> {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        count += 1;
        const name = `${String(count).padStart(4, "0")}-${Date.now()}.eml`;
        fs.writeFileSync(path.join(folder, name), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}
