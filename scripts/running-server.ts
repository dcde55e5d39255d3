// How the command-line tools (`npm run simulate`, `npm run import`, `npm run agent`) find the
// server they act on: the data folder's runtime file, written by a running `npm start`, names
// its port, its embedded store, the URL Twilio signs against and the token it checks with; a
// flag or an explicitly set variable wins. A tool that cannot find or reach it stops with one
// line saying why (ToolStop), never a stack trace.
import { resolve } from 'node:path';
import { loadDotEnv, type Config } from '../core/config';
import { isAlive } from '../runtime/processes';
import { readRuntimeFile, type RuntimeInfo } from '../runtime/runtime-file';

/** A reason to stop, printed as one line; `code` is the exit code. */
export class ToolStop extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
    this.name = 'ToolStop';
  }
}

/** The live runtime file of DATA_DIR, or null when none was written; a stale one (its server gone) is named in the error. */
export function liveRuntime(config: Pick<Config, 'DATA_DIR'>): Partial<RuntimeInfo> | null {
  let runtime: Partial<RuntimeInfo> | null;
  try {
    runtime = readRuntimeFile(config.DATA_DIR);
  } catch (err) {
    throw new ToolStop(`${resolve(config.DATA_DIR, 'runtime.json')} cannot be read: ${(err as Error).message}`);
  }
  if (runtime?.pid && !isAlive(runtime.pid))
    throw new ToolStop(
      `The server that used the data folder ${resolve(config.DATA_DIR)} (pid ${runtime.pid}) is not running: start it with npm start (or set DATA_DIR to the folder of the one that runs).`,
    );
  return runtime;
}

export interface TwilioTarget {
  /** Where requests go. */
  url: string;
  /** What the server signs against (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  authToken: string;
  accountSid: string;
  fromNumber: string;
  /** Where the answer came from, for the tool's first line. */
  source: string;
}

/** The server a Twilio-speaking tool drives: --url, else the runtime file, else PORT of this environment. */
export function twilioTarget(config: Config, env: Record<string, string | undefined>, urlFlag?: string): TwilioTarget {
  const runtime = urlFlag ? null : liveRuntime(config);
  const set = (name: string) => env[name] !== undefined && env[name] !== '';
  const strip = (u: string) => u.replace(/\/+$/, '');
  return {
    url: strip(urlFlag ?? (runtime?.port ? `http://127.0.0.1:${runtime.port}` : `http://127.0.0.1:${config.PORT}`)),
    publicBaseUrl: strip(set('PUBLIC_BASE_URL') ? config.PUBLIC_BASE_URL : (runtime?.publicBaseUrl ?? config.PUBLIC_BASE_URL)),
    authToken: set('TWILIO_AUTH_TOKEN') ? config.TWILIO_AUTH_TOKEN : (runtime?.twilioAuthToken ?? config.TWILIO_AUTH_TOKEN),
    accountSid: set('TWILIO_ACCOUNT_SID') ? config.TWILIO_ACCOUNT_SID : (runtime?.twilioAccountSid ?? config.TWILIO_ACCOUNT_SID),
    fromNumber: set('TWILIO_FROM_NUMBER') ? config.TWILIO_FROM_NUMBER : (runtime?.twilioFromNumber ?? config.TWILIO_FROM_NUMBER),
    source: urlFlag ? '--url' : runtime?.port ? `${resolve(config.DATA_DIR, 'runtime.json')}` : 'PORT',
  };
}

/** GET /healthz within a few seconds, or a ToolStop naming the URL and what went wrong. */
export async function ensureReachable(url: string): Promise<void> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`GET /healthz answered ${res.status}`);
    await res.body?.cancel();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new ToolStop(`Cannot reach the server at ${url} (${cause}): start it with npm start, or give its address with --url.`);
  }
}

/** The store a tool writes to: MONGODB_URI, else the embedded store of the running server of DATA_DIR. */
export function storeUri(config: Config): string {
  if (config.MONGODB_URI) return config.MONGODB_URI;
  const runtime = liveRuntime(config);
  if (!runtime?.mongoUri)
    throw new ToolStop(
      `No running server on the data folder ${resolve(config.DATA_DIR)}: start it with npm start (or set DATA_DIR to its folder, or MONGODB_URI).`,
    );
  return runtime.mongoUri;
}

/** Runs a tool's main: its number is the exit code; a ToolStop or a bad configuration is one line on stderr. */
export function runTool(main: () => Promise<number>): void {
  loadDotEnv();
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const code = err instanceof ToolStop ? err.code : 1;
      const message = err instanceof Error ? (err.name === 'ConfigError' ? err.message : (err.message.split('\n')[0] ?? '')) : String(err);
      process.stderr.write(`${message}\n`);
      process.exit(code);
    },
  );
}
