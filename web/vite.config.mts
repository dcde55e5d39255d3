import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const __dirname = dirname(fileURLToPath(import.meta.url));

// Multi-page build: one HTML entry per page; the server serves web/dist (server/routes/web.ts).
export default defineConfig({
  root: resolve(__dirname),
  base: '/',
  build: {
    outDir: resolve(__dirname, 'dist'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: resolve(__dirname, 'index.html'),
        track: resolve(__dirname, 'track.html'),
        console: resolve(__dirname, 'console.html'),
        dashboard: resolve(__dirname, 'dashboard.html'),
        admin: resolve(__dirname, 'admin.html'),
        rules: resolve(__dirname, 'rules.html'),
        'walk-in': resolve(__dirname, 'walk-in.html'),
        'walk-in-display': resolve(__dirname, 'walk-in-display.html'),
        association: resolve(__dirname, 'association.html'),
      },
    },
  },
});
