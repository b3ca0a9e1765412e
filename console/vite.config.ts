import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/graphql': api, '/healthz': api, '/readyz': api },
  },
  build: {
    outDir: 'dist',
    // react-admin pulls in MUI, react-router and react-query: split them so the app chunk stays small and
    // vendor chunks stay cached across console releases.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'mui', test: /node_modules[\\/](@mui|@emotion|@popperjs)[\\/]/, priority: 2 },
            // Only what the first page needs: libraries used by lazily loaded views (the policy editor's
            // CodeMirror and query builder) stay with those views.
            { name: 'react-admin', test: /node_modules[\\/]/, tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
});
