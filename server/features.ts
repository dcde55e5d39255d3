import { authFeature } from './auth/routes';
import type { Feature } from './feature';
import { adminFeature } from './routes/admin';
import { healthFeature } from './routes/health';
import { ticketsReadFeature } from './routes/tickets';
import { webFeature } from './routes/web';

/** Every part of the system, in mounting order. Add a feature here, nowhere else. */
export const features: Feature[] = [healthFeature, authFeature, adminFeature, ticketsReadFeature, webFeature];
