import mongoose from 'mongoose';
import { Agent } from './agent';
import { Audit } from './audit';
import { Bill } from './bill';
import { Closure } from './closure';
import { ContactPoint } from './contact-point';
import { Contract } from './contract';
import { Counter } from './counter';
import { Customer } from './customer';
import { Guard } from './guard';
import { Inbox } from './inbox';
import { JobRun } from './job-run';
import { Message } from './message';
import { Migration } from './migration';
import { Outage } from './outage';
import { OutageNotice } from './outage-notice';
import { OutageReport } from './outage-report';
import { Payment } from './payment';
import { Queue } from './queue';
import { QueueItem } from './queue-item';
import { Reading } from './reading';
import { Thread } from './thread';
import { Ticket } from './ticket';

export * from '../wire';
export {
  Agent,
  Audit,
  Bill,
  Closure,
  ContactPoint,
  Contract,
  Counter,
  Customer,
  Guard,
  Inbox,
  JobRun,
  Message,
  Migration,
  Outage,
  OutageNotice,
  OutageReport,
  Payment,
  Queue,
  QueueItem,
  Reading,
  Thread,
  Ticket,
};

// Request input reaches filters only after a zod schema has reduced it to primitives
// (and express 5's simple query parser builds no nested objects), so no {"$gt": ""}
// can arrive; strictQuery drops paths the schema does not know.
mongoose.set('strictQuery', true);

/** Creates the declared indexes of every model (at start-up; idempotent). */
export async function ensureIndexes(): Promise<void> {
  for (const m of Object.values(mongoose.models)) {
    await m.createCollection().catch(() => undefined);
    await m.createIndexes();
  }
}

export async function connectStore(uri: string): Promise<typeof mongoose> {
  // autoIndex off: indexes are created once, explicitly, by ensureIndexes(). monitorCommands:
  // the driver's command events, counted by command and collection in /metrics (server/metrics.ts).
  return mongoose.connect(uri, { autoIndex: false, serverSelectionTimeoutMS: 10_000, monitorCommands: true });
}
