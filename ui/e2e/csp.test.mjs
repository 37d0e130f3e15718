// The window's Content-Security-Policy is in force in the real webview (src-tauri/tauri.conf.json; the rules on
// its text are checked by src-tauri/src/config_check.rs): an inline script, an inline style attribute, a remote
// image and a fetch to the network are refused, while the app's own page works (the other e2e files).
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, browser, openDemo } from "./window.mjs";

launch();

test("the CSP refuses inline script, inline style, remote images and network requests in the real window", async () => {
  await openDemo();
  const r = await browser.executeAsync((done) => {
    const violations = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
    const s = document.createElement("script");
    s.textContent = "window.__dxplanInlineRan = true";
    document.body.appendChild(s);
    const d = document.createElement("div");
    d.setAttribute("style", "width: 123px; position: absolute");
    document.body.appendChild(d);
    const width = getComputedStyle(d).width;
    const img = document.createElement("img");
    img.src = "https://example.com/pixel.png";
    document.body.appendChild(img);
    let fetched = "not tried";
    fetch("https://example.com/")
      .then(() => (fetched = "reached"))
      .catch(() => (fetched = "refused"))
      .finally(() =>
        setTimeout(() => {
          s.remove();
          d.remove();
          img.remove();
          done({ ran: window.__dxplanInlineRan === true, width, fetched, violations });
        }, 300),
      );
  });
  assert.equal(r.ran, false, "an inline script ran");
  assert.notEqual(r.width, "123px", "an inline style attribute was applied");
  assert.equal(r.fetched, "refused", "a fetch to the network was not refused");
  for (const d of ["script-src", "style-src", "img-src", "connect-src"]) {
    assert.ok(
      r.violations.some((v) => v.startsWith(d)),
      `no ${d} violation reported (got ${JSON.stringify(r.violations)})`,
    );
  }
});
