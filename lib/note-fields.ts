import { z } from "zod";

// A note's fields, checked the same way wherever a note comes from: the
// profile's form (app/(staff)/customers/[id]/actions.ts) and a change the
// tablet kept offline (lib/offline/change-schema.ts, also run in the browser).

export const NOTE_BODY_MAX = 2000;

export const noteBody = z.string().trim().min(1, "Write something first.").max(NOTE_BODY_MAX, "Keep the note under 2,000 characters.");
