// Rules of the page checked over its source: only src/api talks to Tauri, and nothing renders text as HTML.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|svelte)$/.test(n) && !n.endsWith(".test.ts") ? [p] : [];
  });
}

describe("page invariants", () => {
  const sources = files(root).map((p) => ({ path: relative(root, p), text: readFileSync(p, "utf8") }));

  it("finds the sources", () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it("imports @tauri-apps only in src/api", () => {
    const offenders = sources.filter((s) => s.text.includes("@tauri-apps/") && !s.path.startsWith("api/"));
    expect(offenders.map((s) => s.path)).toEqual([]);
  });

  it("never renders a string as HTML", () => {
    const offenders = sources.filter((s) => /innerHTML|outerHTML|insertAdjacentHTML|\{@html|document\.write/.test(s.text));
    expect(offenders.map((s) => s.path)).toEqual([]);
  });

  it("loads nothing from outside the app (no remote URLs)", () => {
    // comments may cite a URL (the generated bindings name ts-rs); code may not load one
    const code = (t: string) => t.split("\n").filter((l) => !l.trim().startsWith("//")).join("\n");
    const offenders = sources.filter((s) => /https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(code(s.text)));
    expect(offenders.map((s) => s.path)).toEqual([]);
  });
});
