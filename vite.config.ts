import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

// One build for every context; crxjs turns manifest.json into the extension.
// Note (docs/design.md): no dynamic import() anywhere in the service-worker graph — crxjs 3 with
// Vite 8 crashes the worker at start when it meets one.
export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    target: 'chrome116',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        popup: 'src/ui/popup/index.html',
        sidepanel: 'src/ui/sidepanel/index.html',
        options: 'src/ui/options/index.html',
      },
    },
  },
  server: { port: 5173, strictPort: true, hmr: { port: 5174 } },
});
