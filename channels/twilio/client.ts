// One Twilio REST client per process, built from config. With TWILIO_API_BASE_URL set
// (tests, the simulator) every REST call of the real `twilio` package goes to that origin
// instead of https://*.twilio.com; everything else — auth, form encoding, paging,
// error mapping — stays the package's own code.
import twilio from 'twilio';
import type { Config } from '../../core/config';

export type TwilioClient = ReturnType<typeof twilio>;

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/** The package's own RequestClient, with the origin of each URI swapped for `baseUrl`. */
export class RebasedRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, opts: ConstructorParameters<typeof twilio.RequestClient>[0] = {}) {
    super(opts);
    this.base = new URL(baseUrl);
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    const uri = new URL(opts.uri);
    // Keep the product host visible to the stand-in (api, messaging, …) as a path-free hint.
    const product = uri.hostname.split('.')[0] ?? 'api';
    const rebased = new URL(uri.pathname + uri.search, this.base);
    const headers = { ...(opts.headers ?? {}), 'X-Twilio-Product': product };
    return super.request({ ...opts, uri: rebased.href, headers } as RequestOptions & { data?: TData });
  }
}

export function createTwilioClient(config: Pick<Config, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_API_BASE_URL'>): TwilioClient {
  const opts: twilio.ClientOpts = { accountSid: config.TWILIO_ACCOUNT_SID };
  if (config.TWILIO_API_BASE_URL) opts.httpClient = new RebasedRequestClient(config.TWILIO_API_BASE_URL, { keepAlive: true });
  return twilio(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, opts);
}

const clients = new WeakMap<object, TwilioClient>();

/** Another client for this config (the dev outbox, channels/outbox), before the senders are built; null: the real one again. */
export function useTwilioClient(config: Config, client: TwilioClient | null): void {
  if (client) clients.set(config, client);
  else clients.delete(config);
}

/** The client for this config object, built once (the config is built once per process). */
export function twilioClientFor(config: Config): TwilioClient {
  let c = clients.get(config);
  if (!c) {
    c = createTwilioClient(config);
    clients.set(config, c);
  }
  return c;
}
