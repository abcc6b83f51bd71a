import "server-only";
import { z } from "zod";
import { getStaff, type StaffSession } from "@/lib/auth";
import { withoutNul } from "@/db/nul";

export interface ActionState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** What was submitted, so a form can show it again next to its errors. */
  values?: Record<string, unknown>;
  /** A change that can be undone for a short while: its audit entry's id, for undoChangeAction. */
  undoId?: string;
}

/**
 * Every staff server action goes through here, in this order: who is calling
 * (a valid session for an active account), is the input well-formed (a form,
 * then zod), then the work, which must itself scope records to the caller's
 * store. Nothing is written when either check fails.
 */
export function staffAction<S extends z.ZodType, R extends ActionState = ActionState>(
  schema: S,
  handler: (input: z.infer<S>, me: StaffSession) => Promise<NoInfer<R>>,
  options: { managerOnly?: boolean } = {},
): (previous: R, formData: FormData) => Promise<R> {
  return async (_previous, formData) => {
    const me = await getStaff();
    // Every field of R beyond ActionState is optional, so these fit it.
    if (!me) return { message: "Your session has ended. Sign in again to continue." } as R;
    if (options.managerOnly && me.role !== "manager") return { message: "Only a store manager can do this." } as R;
    // Our forms always send FormData; a forged request can send anything Next decodes.
    const raw = formFields(formData);
    if (!raw) return { message: UNREADABLE_FORM } as R;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return { message: "Some details need a second look.", fieldErrors: z.flattenError(parsed.error).fieldErrors as ActionState["fieldErrors"], values: raw } as R;
    }
    return handler(parsed.data, me);
  };
}

/** As staffAction, for what only a manager may do; the store scope is still the handler's job. */
export function managerAction<S extends z.ZodType, R extends ActionState = ActionState>(
  schema: S,
  handler: (input: z.infer<S>, me: StaffSession) => Promise<NoInfer<R>>,
): (previous: R, formData: FormData) => Promise<R> {
  return staffAction(schema, handler, { managerOnly: true });
}

/** What an action says when its argument is not a form. */
export const UNREADABLE_FORM = "This form could not be read, so nothing was saved. Reload the page and send it again.";

/**
 * Form fields as a plain object, or null when `formData` is not a form. A name
 * sent more than once (checkboxes) becomes a list. Next's own `$ACTION…` fields
 * and a field named `__proto__` are left out: assigned to an object, that name
 * would replace its prototype, not add a field. The fields are gathered in a
 * Map, so names such as `constructor` are plain fields too. A U+0000 in a
 * value is dropped: nobody types one, and PostgreSQL cannot store it
 * (db/nul.ts), so both databases save the same text.
 */
export function formFields(formData: unknown): Record<string, unknown> | null {
  if (!(formData instanceof FormData)) return null;
  const fields = new Map<string, FormDataEntryValue[]>();
  for (const [key, value] of formData) {
    if (key.startsWith("$ACTION") || key === "__proto__") continue;
    const clean = typeof value === "string" ? withoutNul(value) : value;
    const values = fields.get(key);
    if (values) values.push(clean);
    else fields.set(key, [clean]);
  }
  return Object.fromEntries([...fields].map(([key, values]) => [key, values.length === 1 ? values[0] : values]));
}
