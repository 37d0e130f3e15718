import { describe, expect, it } from "vitest";
import { svgDataUrl } from "./svg";

describe("svgDataUrl", () => {
  it("encodes UTF-8 text so Japanese survives the round trip", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text>令和7年度</text></svg>`;
    const url = svgDataUrl(svg);
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    const b64 = url.slice("data:image/svg+xml;base64,".length);
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe(svg);
  });
});
