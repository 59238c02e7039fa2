import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web UI, built into dist/web beside the compiled server, which serves it.
 * No plugin: Vite's own transform handles Preact's JSX.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // the CSP forbids inline script and style: every asset is a file, however small
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5173' }, port: 5174 },
});
