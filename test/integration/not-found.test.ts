// An unknown address: a page a person can read on the public site, JSON on the API and webhooks.
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, accept: string) => fetch(`${server.url}${path}`, { headers: { accept } });

test('a browser on an unknown page gets an HTML 404 with a way back; the API and clients that want JSON get JSON', async () => {
  const page = await get('/no-such-page', 'text/html,application/xhtml+xml,*/*;q=0.8');
  expect(page.status).toBe(404);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  const html = await page.text();
  expect(html).toContain('Page not found');
  expect(html).toContain('href="/"');

  for (const [path, accept] of [
    ['/api/no-such-route', 'text/html,*/*'],
    ['/webhooks/nothing', 'text/html'],
    ['/no-such-page', 'application/json'],
  ]) {
    const res = await get(path!, accept!);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'NotFound', message: `no route for GET ${path}` });
  }
});
