// The browser bundle for pages without a bundler: dist/browser/infercast.js (one ES module with
// zod inside; YAML files are read only under Node, so the YAML parser stays out) beside the WASM
// kernel it fetches, served as `infercast/browser`.
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: "../dist/browser",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    // the kernel stays a file fetched by URL (streaming compilation), never an inlined data: URL
    assetsInlineLimit: 0,
    lib: { entry: "../dist/src/portable.js", formats: ["es"], fileName: () => "infercast.js" },
  },
});
