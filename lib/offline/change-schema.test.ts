import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { offlineChangeSchema } from "./change-schema";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Every project file a module imports for its values (type-only imports leave nothing in the bundle), itself included. */
function valueImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = fs.readFileSync(file, "utf8");
  for (const [, specifier] of source.matchAll(/^import (?!type )[^;]*?from "([^"]+)";/gms)) {
    const base = specifier!.startsWith("@/") ? path.join(ROOT, specifier!.slice(2)) : specifier!.startsWith(".") ? path.resolve(path.dirname(file), specifier!) : null;
    if (base) valueImports(fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, "index.ts"), seen);
  }
  return seen;
}

describe("offlineChangeSchema", () => {
  it("can run in the browser: nothing it imports is server-only or reaches the database", () => {
    const files = [...valueImports(path.join(import.meta.dirname, "change-schema.ts"))];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const source = fs.readFileSync(file, "utf8");
      expect(source, path.relative(ROOT, file)).not.toMatch(/^import "server-only";/m);
      expect(source, path.relative(ROOT, file)).not.toMatch(/^import (?!type )[^;]*from "(@\/db|node:[^"]+)";/m);
    }
  });

  it("fills in what the tablet may leave out, and keeps the form's rules and messages", () => {
    const change = offlineChangeSchema.parse({
      kind: "hold.request",
      key: "0b7d3c5e-8f1a-4c2b-9d6e-3a1f2b4c5d6e",
      customerId: "c1",
      madeAt: 1_764_000_000_000,
      basis: { assignedStaffId: null },
      variantId: "v1",
      days: 7,
      note: "  ",
    });
    expect(change).toMatchObject({ force: false, days: 7, note: null });
    const tooLong = offlineChangeSchema.safeParse({ ...change, kind: "note.add", body: "x".repeat(2001), pinned: false });
    expect(tooLong.error?.issues.map((i) => i.message)).toEqual(["Keep the note under 2,000 characters."]);
    const styles = offlineChangeSchema.safeParse({
      ...change,
      kind: "preferences.set",
      basis: { assignedStaffId: null, preferencesUpdatedAt: null },
      values: { colours: "", brands: "", dislikes: "", styles: ["sparkly"], priceMin: "", priceMax: "", freeText: "" },
    });
    expect(styles.error?.issues.map((i) => i.path.join("."))).toEqual(["values.styles.0"]);
    expect(offlineChangeSchema.safeParse({ ...change, kind: "contact.log", contactKind: "pick_up" }).error?.issues.map((i) => i.message)).toEqual(["Choose how you reached them."]);
  });
});
