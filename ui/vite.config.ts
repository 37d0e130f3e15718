import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The page is compiled into the desktop binary (src-tauri embeds ui/dist): no dev server, no remote assets.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  base: "./",
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
