import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Served by the API at /app/ (src/web-app/); `npm run dev` proxies the API on :3000 for working on the pages.
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Libraries change less often than pages: their own chunks stay cached across deploys.
        manualChunks(id: string) {
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'charts';
          if (/node_modules\/ajv/.test(id)) return 'validation';
          if (/node_modules\/(react|react-dom|react-router|scheduler)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      ['/auth', '/callbacks', '/sales', '/feedback-cases', '/reports', '/leads', '/calendar', '/directory', '/notifications', '/call-scripts', '/archive', '/customers', '/contact-access'].map(
        (path) => [path, 'http://127.0.0.1:3000'],
      ),
    ),
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
