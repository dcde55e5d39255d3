import { startTestServer, ADMIN, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

test('the first admin exists from ADMIN_EMAIL / ADMIN_PASSWORD and gets an httpOnly session cookie', async () => {
  const s = server.session();
  const res = await s.post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ role: 'admin' });
  expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
  expect((await s.get('/api/auth/me')).body).toMatchObject({ role: 'admin' });
});

test('a wrong password and an unknown user get the same answer', async () => {
  const a = await server.session().post('/api/auth/login', { email: ADMIN.email, password: 'wrong-password' });
  const b = await server.session().post('/api/auth/login', { email: 'nobody@test.example', password: 'wrong-password' });
  expect(a.status).toBe(401);
  expect(b.status).toBe(401);
  expect(a.body.message).toBe(b.body.message);
});

test('roles are enforced: agents cannot create agents, supervisors cannot run jobs', async () => {
  const admin = await server.admin();
  expect(
    (await admin.post('/api/admin/agents', { name: 'Sup', email: 'sup@test.example', password: 'sup-password', role: 'supervisor' }))
      .status,
  ).toBe(201);
  expect((await admin.post('/api/admin/agents', { name: 'Sup 2', email: 'SUP@test.example', password: 'sup-password' })).status).toBe(409);
  expect((await admin.post('/api/admin/agents', { name: 'X', email: 'not-an-email', password: 'x' })).status).toBe(400);

  const sup = server.session();
  await sup.login('sup@test.example', 'sup-password');
  expect((await sup.post('/api/admin/agents', { name: 'Y', email: 'y@test.example', password: 'y-password' })).status).toBe(403);
  expect((await sup.post('/api/admin/jobs/ingest-sweep/run', {})).status).toBe(403);
  expect((await sup.get('/api/admin/jobs/runs')).status).toBe(200);
  expect((await server.session().get('/api/tickets')).status).toBe(401);
});

test('an admin can run a job now and its run is recorded', async () => {
  const admin = await server.admin();
  const res = await admin.post('/api/admin/jobs/ingest-sweep/run', { asOf: '2026-11-01T10:00:00Z' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ name: 'ingest-sweep', status: 'succeeded', counts: { rescheduled: 0 } });
  const runs = await admin.get('/api/admin/jobs/runs?name=ingest-sweep');
  expect(runs.body.runs[0]).toMatchObject({ name: 'ingest-sweep', trigger: 'manual', status: 'succeeded' });
  expect((await admin.post('/api/admin/jobs/no-such-job/run', {})).status).toBe(404);
});

test('health, readiness and metrics', async () => {
  const s = server.session();
  expect((await s.get('/healthz')).status).toBe(200);
  const ready = await s.get('/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({ checks: { db: true, redis: true } });
  const metrics = await s.get('/metrics');
  expect(metrics.text).toContain('http_request_duration_seconds');
});

test('unknown routes and malformed JSON get clear JSON errors, never a stack trace', async () => {
  const s = server.session();
  const nf = await s.get('/api/nothing-here');
  expect(nf.status).toBe(404);
  const bad = await s.post('/api/auth/login', '{"email": ', { 'content-type': 'application/json' });
  expect(bad.status).toBe(400);
  expect(bad.text).not.toMatch(/at .*\.ts:\d+/);
});
