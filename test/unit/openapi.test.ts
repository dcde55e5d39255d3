import { openApiDocument } from '../../server/openapi';

test('the OpenAPI document lists every path of the external contract, with bodies from the zod schemas', () => {
  const doc = openApiDocument() as {
    openapi: string;
    paths: Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: { type?: string; items?: { required?: string[] } } }> } }>
    >;
  };
  expect(doc.openapi).toBe('3.1.0');
  for (const path of [
    '/webhooks/twilio/sms',
    '/webhooks/twilio/voice',
    '/webhooks/email/inbound',
    '/api/reception/requests',
    '/api/tickets/{id}/claim',
    '/api/stats/intervals',
    '/api/admin/jobs/{name}/run',
    '/api/customers/{accountNumber}',
  ]) {
    expect(doc.paths[path]).toBeDefined();
  }
  const customers = doc.paths['/api/admin/import/customers']!.post!.requestBody!.content['application/json']!.schema;
  expect(customers.type).toBe('array');
  expect(customers.items?.required).toEqual(expect.arrayContaining(['accountNumber', 'name']));
});

test('the document names the live chat channel and what each kind of contact is measured by', () => {
  const doc = openApiDocument() as { info: { description: string }; paths: Record<string, { get?: { summary?: string } }> };
  expect(doc.info.description).toMatch(/chat \(the live web chat\)/);
  expect(doc.info.description).toMatch(/deferred/);
  expect(doc.paths['/api/stats/regulatory']!.get!.summary).toMatch(/abandoned/);
  expect(doc.paths['/api/stats/regulatory']!.get!.summary).toMatch(/definitions/);
});
