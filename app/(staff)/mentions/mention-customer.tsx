"use client";

import Form from "next/form";
import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { LinkChoice } from "./link-choice";
import { createMentionCustomerAction, linkMentionCustomerAction } from "./actions";

export interface CustomerChoice {
  id: string;
  name: string;
  /** Email or phone, and home store: enough to tell two people of the same name apart. */
  detail: string;
}

interface Props {
  mentionId: string;
  linked: boolean;
  networkLabel: string;
  /** The post's handle, or null when the network did not say. */
  handle: string | null;
  /** Set when this post's "Link to customer" search is the one in the URL. */
  search: { query: string; results: CustomerChoice[]; limited: boolean } | null;
  /** The inbox's filters and page, kept by the search so the post stays in view. */
  keep?: Record<string, string>;
}

/**
 * "Link to customer" and "Create customer" for a post nobody is matched to.
 * It stays mounted once the post is linked, to say what happened.
 */
export function MentionCustomer({ mentionId, linked, networkLabel, handle, search, keep = {} }: Props) {
  const [linkState, linkAction] = useActionState<ActionState, FormData>(linkMentionCustomerAction, {});
  const [createState, createAction] = useActionState<ActionState, FormData>(createMentionCustomerAction, {});
  const done = linkState.ok ? linkState.message : createState.ok ? createState.message : undefined;

  if (linked) {
    return (
      <p aria-live="polite" className="text-sm text-emerald-800">
        {done}
      </p>
    );
  }

  const sent = createState.ok ? undefined : createState.values;
  const value = (name: string, fallback = "") => (sent ? String(sent[name] ?? "") : fallback);
  const errors = (name: string) => createState.fieldErrors?.[name];
  const searchId = `find-${mentionId}`;
  return (
    <div className="space-y-2">
      <details open={Boolean(search)} className="rounded-lg border border-line px-3">
        <summary className="flex h-12 cursor-pointer items-center font-medium text-accent">Link to customer</summary>
        <div className="space-y-3 pb-3">
          <Form action="/mentions" scroll={false} replace className="flex flex-wrap items-end gap-2" role="search">
            <input type="hidden" name="link" value={mentionId} />
            {Object.entries(keep).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <div className="min-w-0 flex-1">
              <label htmlFor={searchId} className="mb-1 block text-sm font-medium">
                Find a customer
              </label>
              <input
                id={searchId}
                name="q"
                type="search"
                defaultValue={search?.query ?? ""}
                required
                maxLength={100}
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                aria-describedby={`${searchId}-hint`}
                className="block h-12 w-full rounded-lg border border-stone-300 bg-white px-3 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
              />
            </div>
            <button type="submit" className="inline-flex h-12 items-center rounded-lg border border-line bg-white px-5 font-medium hover:bg-stone-50">
              Search
            </button>
            <p id={`${searchId}-hint`} className="basis-full text-sm text-muted">
              Name, email, phone number or handle.
            </p>
          </Form>
          {search ? (
            <div aria-live="polite">
              {search.results.length === 0 ? (
                <p className="text-muted">No customer matches “{search.query}”. Check the spelling, or create them below.</p>
              ) : (
                <ul className="divide-y divide-line rounded-lg border border-line" aria-label={`Customers matching ${search.query}`}>
                  {search.results.map((c) => (
                    <LinkChoice key={c.id} name={c.name} detail={c.detail} fields={{ mentionId, customerId: c.id }} action={linkAction} />
                  ))}
                </ul>
              )}
              {search.limited ? <p className="mt-1 text-sm text-muted">Showing the first matches; type more to narrow down.</p> : null}
            </div>
          ) : null}
          <FormAlert id={`link-error-${mentionId}`} message={linkState.ok ? undefined : linkState.message} />
        </div>
      </details>

      <details open={Boolean(createState.message && !createState.ok)} className="rounded-lg border border-line px-3">
        <summary className="flex h-12 cursor-pointer items-center font-medium text-accent">Create customer</summary>
        <form action={createAction} noValidate className="space-y-3 pb-3">
          <input type="hidden" name="mentionId" value={mentionId} />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="First name" name="firstName" required maxLength={80} autoComplete="off" defaultValue={value("firstName")} errors={errors("firstName")} />
            <Field label="Last name" name="lastName" required maxLength={80} autoComplete="off" defaultValue={value("lastName")} errors={errors("lastName")} />
            <Field label="Email (optional)" name="email" type="email" maxLength={254} autoComplete="off" defaultValue={value("email")} errors={errors("email")} />
            <Field label="Phone (optional)" name="phone" type="tel" maxLength={40} autoComplete="off" defaultValue={value("phone")} errors={errors("phone")} />
            <Field
              label={`${networkLabel} handle`}
              name="handle"
              maxLength={60}
              autoCapitalize="off"
              spellCheck={false}
              hint="Kept on their profile, so their next posts match by themselves."
              defaultValue={value("handle", handle ?? "")}
              errors={errors("handle")}
            />
          </div>
          <FormAlert id={`create-error-${mentionId}`} message={createState.ok ? undefined : createState.message} />
          <SubmitButton pendingLabel="Creating…">Create customer and link</SubmitButton>
        </form>
      </details>
    </div>
  );
}
