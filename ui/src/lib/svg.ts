// An SVG document made by Rust (the export layout) shown as an image: an <img> never runs script, so the
// preview is inert whatever the workbook's text contains. Never inserted as HTML.
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/svg+xml;base64,${btoa(bin)}`;
}
