// The explorer page: `npm run web` serves it, `npm run build:web` writes the static site to web/dist.
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  // relative asset URLs, so web/dist works from any path (a file server, a sub-directory, a CDN)
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", reportCompressedSize: false },
  worker: { format: "es" },
  server: { port: 5173 },
});
