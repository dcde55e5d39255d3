import { emailFeature } from '../channels/email/feature';
import { smsFeature } from '../channels/sms/feature';
import { voiceFeature } from '../channels/voice/feature';
import { receptionFeature } from '../channels/web/feature';
import { authFeature } from './auth/routes';
import type { Feature } from '../app/feature';
import { adminFeature } from './routes/admin';
import { healthFeature } from './routes/health';
import { openApiFeature } from './openapi';
import { selfServiceFeature } from './routes/self-service';
import { statsFeature } from './routes/stats';
import { ticketsReadFeature } from './routes/tickets';
import { routingFeature } from './routing-feature';
import { customersFeature } from './routes/customers';
import { outagesFeature } from './routes/outages';
import { agentsGatewayFeature } from './sockets/feature';
import { webFeature } from './routes/web';

/** Every part of the system, in mounting order. Add a feature here, nowhere else. */
export const features: Feature[] = [
  healthFeature,
  openApiFeature,
  authFeature,
  adminFeature,
  ticketsReadFeature,
  routingFeature,
  customersFeature,
  outagesFeature,
  agentsGatewayFeature,
  webFeature,
  smsFeature,
  voiceFeature,
  emailFeature,
  receptionFeature,
  statsFeature,
  selfServiceFeature,
];
