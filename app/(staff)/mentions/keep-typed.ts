import type { ActionState } from "@/lib/actions";

/**
 * Wraps a form's action so that whatever goes wrong, an ended session
 * included (which answers before any field is read), the form gets back what
 * was typed in `names` to show again. What the action returns itself wins.
 */
export function keepTyped<S extends ActionState>(action: (previous: S, data: FormData) => Promise<S>, names: readonly string[]) {
  return async (previous: S, data: FormData): Promise<S> => {
    const result = await action(previous, data);
    if (result.ok) return result;
    const typed = Object.fromEntries(names.map((name) => [name, String(data.get(name) ?? "")]));
    return { ...result, values: { ...typed, ...result.values } };
  };
}
