import type { Metadata } from "next";
import { getDb } from "@/db";
import { requireManager } from "@/lib/auth";
import { formatRelative } from "@/lib/format";
import { xFromEnv } from "@/lib/providers/x";
import { listStoreAccounts } from "@/lib/social-accounts";
import { X_CONNECT_PROBLEMS, type XConnectProblem } from "@/lib/x-connect";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ConnectInstagramForm, DisconnectAccount } from "./account-forms";

export const metadata: Metadata = { title: "Accounts" };

export default async function StoreAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireManager();
  const params = await searchParams;
  const accounts = await listStoreAccounts(getDb(), { storeId: me.storeId });
  const x = accounts.find((a) => a.network === "x");
  const instagram = accounts.find((a) => a.network === "instagram");
  const xReady = xFromEnv() !== null;
  const now = new Date();
  const problem = typeof params.problem === "string" && Object.hasOwn(X_CONNECT_PROBLEMS, params.problem) ? X_CONNECT_PROBLEMS[params.problem as XConnectProblem] : null;
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-xl font-semibold">Accounts</h2>
        <p className="text-muted">Replies to posts about {me.storeName} go out from the store&apos;s own accounts on X and Instagram. Connect them here; only managers see this page.</p>
      </div>
      <div aria-live="polite">
        {params.connected === "x" && x ? (
          <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
            X connected as @{x.username}. Replies to posts on X go out from it.
          </p>
        ) : null}
        {problem ? <p className="rounded-lg bg-red-50 px-3 py-2 text-red-800">{problem}</p> : null}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="X" id="account-x">
          <div className="space-y-3">
            {x ? (
              <>
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone="good">Connected</Badge> as <span className="font-medium">@{x.username}</span>
                </p>
                <p className="text-sm text-muted">
                  Connected by {x.connectedBy} {formatRelative(x.connectedAt, now)}.
                </p>
                <DisconnectAccount network="x" label="X" />
              </>
            ) : (
              <p className="flex flex-wrap items-center gap-2">
                <Badge>Not connected</Badge>
              </p>
            )}
            {xReady ? (
              // A link, not a form: the route handler checks the manager again and sends the browser on to X.
              <a
                href="/api/oauth/x/start"
                className={
                  x
                    ? "inline-flex h-11 items-center justify-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50"
                    : "inline-flex h-12 items-center justify-center rounded-lg bg-accent px-5 text-base font-medium text-white hover:bg-accent-strong"
                }
              >
                {x ? "Connect another X account" : "Connect X"}
              </a>
            ) : (
              <p className="text-muted">X cannot be connected until X_CLIENT_ID and X_CLIENT_SECRET are set on the server (see the README&apos;s settings).</p>
            )}
          </div>
        </Card>
        <Card title="Instagram" id="account-instagram">
          <div className="space-y-3">
            {instagram ? (
              <>
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone="good">Connected</Badge> as <span className="font-medium">@{instagram.username}</span>
                </p>
                <p className="text-sm text-muted">
                  Connected by {instagram.connectedBy} {formatRelative(instagram.connectedAt, now)}.
                </p>
                <DisconnectAccount network="instagram" label="Instagram" />
              </>
            ) : (
              <>
                <p className="flex flex-wrap items-center gap-2">
                  <Badge>Not connected</Badge>
                </p>
                <ConnectInstagramForm />
              </>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
