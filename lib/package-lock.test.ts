import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm install` on a fresh clone must leave package-lock.json as committed.
// A lockfile written on one platform without the optional packages of the
// others (SWC, lightningcss, esbuild binaries for macOS, Windows, ARM…) is
// rewritten by the first install elsewhere, and the tree is dirty at once.

const ROOT = path.resolve(import.meta.dirname, "..");
interface Entry {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { lockfileVersion: number; packages: Record<string, Entry> };
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Entry;

/** Where npm would find `name` for the package at `from`: nested first, then up towards the root. */
function resolves(from: string, name: string): boolean {
  for (let dir = from; ; dir = dir.includes("/node_modules/") ? dir.slice(0, dir.lastIndexOf("/node_modules/")) : "") {
    if (lock.packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
  }
}

describe("package-lock.json", () => {
  it("records every platform's optional packages, so an install anywhere leaves it unchanged", () => {
    const missing: string[] = [];
    let optional = 0;
    for (const [at, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        optional++;
        if (!resolves(at, name)) missing.push(`${at || "(root)"} → ${name}`);
      }
    }
    expect(optional).toBeGreaterThan(20);
    expect(missing).toEqual([]);
    // The ones a Linux-only lockfile drops first.
    for (const name of ["@next/swc-darwin-arm64", "@next/swc-win32-x64-msvc", "lightningcss-darwin-arm64"]) expect(resolves("", name), name).toBe(true);
  });

  it("matches package.json: every dependency is locked", () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = lock.packages[""]!;
    for (const kind of ["dependencies", "devDependencies"] as const) {
      expect(root[kind]).toEqual(pkg[kind]);
      for (const name of Object.keys(pkg[kind] ?? {})) expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
    }
  });
});
