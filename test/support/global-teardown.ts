import { rmSync } from 'node:fs';
import type { EmbeddedServices } from '../../runtime/embedded';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __hotlineServices?: EmbeddedServices }).__hotlineServices;
  await services?.stop();
  if (process.env.TEST_DATA_DIR) rmSync(process.env.TEST_DATA_DIR, { recursive: true, force: true });
}
