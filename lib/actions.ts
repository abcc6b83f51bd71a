import "server-only";
import { z } from "zod";
import { getStaff, type StaffSession } from "@/lib/auth";

export interface ActionState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** What was submitted, so a form can show it again next to its errors. */
  values?: Record<string, unknown>;
}

/**
 * Every staff server action goes through here, in this order: who is calling
 * (a valid session for an active account), is the input well-formed (zod),
 * then the work, which must itself scope records to the caller's store.
 * Nothing is written when either check fails.
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
    const raw = formToObject(formData);
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

/** Form fields as an object; a name sent more than once (checkboxes) becomes a list. */
function formToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData) {
    if (key.startsWith("$ACTION")) continue;
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
