import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The web app: sources in web/, built to dist/web (served by the Kiunga server together with /trpc).
 * In development (`npx vite`), API calls are proxied to the server on port 8080 (KIUNGA_API_PORT to change).
 */
const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const apiTarget = `http://localhost:${process.env.KIUNGA_API_PORT ?? '8080'}`;

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    // Monaco is large but only loaded when the JSON tab opens; keep the warning for the other chunks.
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  server: {
    port: 5173,
    proxy: {
      '/trpc': { target: apiTarget, changeOrigin: false },
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
