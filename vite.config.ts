import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { chromeManifest, firefoxManifest } from './scripts/manifests.mjs';

// One build for every context; crxjs turns manifest.json into the extension. `vite build` makes
// the Chromium build in dist/; `vite build --mode firefox` (npm run build:firefox) makes the
// Firefox one in dist-firefox/ from the same manifest, adapted by scripts/manifests.mjs. The
// version comes from package.json into both.
// Note (docs/design.md): no dynamic import() anywhere in the service-worker graph — crxjs 3 with
// Vite 8 crashes the worker at start when it meets one.
export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  const built = firefox
    ? firefoxManifest(manifest, pkg.version)
    : chromeManifest(manifest, pkg.version);
  return {
    plugins: [
      preact(),
      crx({
        manifest: built as unknown as ManifestV3Export,
        browser: firefox ? 'firefox' : 'chrome',
      }),
    ],
    build: {
      target: firefox ? 'firefox140' : 'chrome116',
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      sourcemap: false,
      rollupOptions: {
        input: {
          popup: 'src/ui/popup/index.html',
          sidepanel: 'src/ui/sidepanel/index.html',
          options: 'src/ui/options/index.html',
          // The full-page chat (issue 13): not in the manifest, opened in a tab by the views.
          app: 'src/ui/app/index.html',
        },
      },
    },
    server: { port: 5173, strictPort: true, hmr: { port: 5174 } },
  };
});
