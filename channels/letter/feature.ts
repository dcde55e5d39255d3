// Postal letters and certified e-mail registered by the back office (channels/letter/routes.ts).
import type { Feature } from '../../app/feature';
import { letterRoutes } from './routes';

export const letterFeature: Feature = {
  name: 'letter',
  routes(router, ctx) {
    letterRoutes(router, ctx);
  },
};
