import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express from 'express';
import type { Feature } from '../../app/feature';

const dist = resolve(__dirname, '..', '..', 'web', 'dist');

/** The pages: virtual reception at /, tracking, agent console, manager dashboard, admin screens (built by Vite). */
export const webFeature: Feature = {
  name: 'web',
  routes(router) {
    const page = (file: string) => (_req: express.Request, res: express.Response) => {
      const p = join(dist, file);
      if (!existsSync(p)) {
        res.status(503).type('text').send('Web pages are not built yet: run `npm run build:web` (npm start does it for you).');
        return;
      }
      res.sendFile(p);
    };
    router.get('/', page('index.html'));
    router.get('/track', page('track.html'));
    router.get('/console', page('console.html'));
    router.get('/dashboard', page('dashboard.html'));
    router.get('/admin', page('admin.html'));
    router.get('/dashboard/rules', page('rules.html'));
    router.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  },
};
