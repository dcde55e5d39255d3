import { emailFeature } from '../channels/email/feature';
import { outboxFeature } from '../channels/outbox/feature';
import { smsFeature } from '../channels/sms/feature';
import { voiceFeature } from '../channels/voice/feature';
import { receptionFeature } from '../channels/web/feature';
import { walkInFeature } from '../channels/walk-in/feature';
import { associationFeature } from '../channels/association/feature';
import { authFeature } from './auth/routes';
import type { Feature } from '../app/feature';
import { adminFeature } from './routes/admin';
import { teamFeature } from './routes/team';
import { healthFeature } from './routes/health';
import { openApiFeature } from './openapi';
import { selfServiceFeature } from './routes/self-service';
import { statsFeature } from './routes/stats';
import { ticketsReadFeature } from './routes/tickets';
import { routingFeature } from './routing-feature';
import { customersFeature } from './routes/customers';
import { protectionFeature } from './routes/protection';
import { privacyFeature } from './routes/privacy';
import { outagesFeature } from './routes/outages';
import { agentsGatewayFeature } from './sockets/feature';
import { webFeature } from './routes/web';
import { rulesFeature } from './routes/rules';
import { openingHoursFeature } from './routes/opening-hours';
import { noticeReceiptFeature } from './routes/notice-receipt';
import { letterFeature } from '../channels/letter/feature';

/** Every part of the system, in mounting order. Add a feature here, nowhere else. */
export const features: Feature[] = [
  healthFeature,
  openApiFeature,
  authFeature,
  adminFeature,
  teamFeature,
  ticketsReadFeature,
  routingFeature,
  customersFeature,
  protectionFeature,
  privacyFeature,
  outagesFeature,
  agentsGatewayFeature,
  webFeature,
  // Before the senders: in development without Twilio / SMTP settings they are built on it.
  outboxFeature,
  smsFeature,
  voiceFeature,
  emailFeature,
  receptionFeature,
  statsFeature,
  selfServiceFeature,
  rulesFeature,
  openingHoursFeature,
  noticeReceiptFeature,
  letterFeature,
  walkInFeature,
  associationFeature,
];
