import mongoose from 'mongoose';
import type { Feature } from '../../app/feature';
import { registry } from '../metrics';

export const healthFeature: Feature = {
  name: 'health',
  routes(router, ctx) {
    router.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    router.get('/readyz', async (_req, res) => {
      const checks = { db: false, redis: false };
      await Promise.all([
        (async () => {
          try {
            await mongoose.connection.db?.admin().ping();
            checks.db = true;
          } catch {
            /* reported below */
          }
        })(),
        (async () => {
          try {
            checks.redis = (await ctx.redis.ping()) === 'PONG';
          } catch {
            /* reported below */
          }
        })(),
      ]);
      res.status(checks.db && checks.redis ? 200 : 503).json({ status: checks.db && checks.redis ? 'ready' : 'not ready', checks });
    });
    router.get('/metrics', async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
  },
};
