import { defineConfig } from "vite";

/** The console builds from web/ into web/dist, which the server serves at `/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  server: { port: 5173, strictPort: true },
});
