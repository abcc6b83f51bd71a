import { z } from "zod";

// Imported first by lib/offline/change-schema.ts, which the tablet loads: zod
// compiles its object parsers with `new Function` unless told not to, and a
// staff page's Content-Security-Policy allows no eval (lib/security-headers.ts),
// so the browser reported a violation for every page that loaded the schema.
// Parsing without it costs nothing a person could notice.
z.config({ jitless: true });
