// The session cookie is Secure when the public URL is https (issue 19, defect 4): a cookie
// that also travels over plain http can be read off the wire. (http public URL: csrf.test.ts.)
import { ADMIN, startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PUBLIC_BASE_URL: 'https://hotline.example.test' });
});
afterAll(async () => {
  await server?.close();
});

test('with an https public URL the session cookie is Secure and HttpOnly, and never sent over plain http', async () => {
  // Behind the TLS proxy (TRUST_PROXY=loopback): the proxy says the visitor came over https.
  const login = await server.session().post('/api/auth/login', ADMIN, { 'x-forwarded-proto': 'https' });
  expect(login.status).toBe(200);
  expect(login.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  expect(login.headers.get('set-cookie')).toMatch(/;\s*HttpOnly/i);
  const plain = await server.session().post('/api/auth/login', ADMIN);
  expect(plain.headers.get('set-cookie')).toBeNull();
});
