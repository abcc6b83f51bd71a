import http from "node:http";
import { DEMO_PASSWORD } from "./staff";

// Plain HTTP requests to the e2e server, for specs that check what the server
// answers rather than what a person sees: no browser, a session cookie when
// needed, and optionally a local address of their own (any 127.x reaches the
// server on Linux), so per-address limits count them apart from other specs.

export interface Answer {
  status: number;
  location: string;
  contentType: string;
  body: string;
  cookies: string[];
}

export interface SendOptions {
  method?: string;
  cookie?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  localAddress?: string;
}

/** One request, to the address and with the Host a browser at `baseURL` uses; an event stream is not read past its headers. */
export function send(baseURL: string, target: string, { method = "GET", cookie = "", body, headers = {}, localAddress }: SendOptions = {}): Promise<Answer> {
  const url = new URL(target, baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: url.port, path: `${url.pathname}${url.search}`, method, localAddress, headers: { host: url.host, ...(cookie ? { cookie } : {}), ...headers } },
      (response) => {
        const contentType = response.headers["content-type"] ?? "";
        const answer = { status: response.statusCode ?? 0, location: response.headers.location ?? "", contentType, cookies: response.headers["set-cookie"] ?? [] };
        if (contentType.startsWith("text/event-stream")) {
          response.destroy();
          return resolve({ ...answer, body: "" });
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ ...answer, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The session cookie for this person, through Auth.js's own sign-in endpoint. */
export async function signInOverHttp(baseURL: string, email: string, localAddress?: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (cookies: string[]) => {
    for (const cookie of cookies) {
      const [pair] = cookie.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const csrf = await send(baseURL, "/api/auth/csrf", { localAddress });
  keep(csrf.cookies);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const signedIn = await send(baseURL, "/api/auth/callback/credentials", {
    method: "POST",
    localAddress,
    cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, csrfToken }).toString(),
  });
  keep(signedIn.cookies);
  const session = [...jar.keys()].find((name) => name.endsWith("session-token"));
  if (!session) throw new Error(`Signing in as ${email} set no session cookie (${signedIn.status} ${signedIn.location})`);
  return `${session}=${jar.get(session)}`;
}
