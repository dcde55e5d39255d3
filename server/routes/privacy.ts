// The customer's privacy rights (GDPR Art. 15–17, 20; 152-FZ): the data export (JSON, zip
// with attachments and letters, PDF summary) and the erasure. Admins and privacy officers
// only; both audited by account and action, never with the data itself.
import { z } from 'zod';
import { exportCustomer, exportPdf, exportZip } from '../../core/privacy/export-customer';
import { eraseCustomer } from '../../core/privacy/erase-customer';
import { runRetention } from '../../core/privacy/retention';
import { requireRole } from '../../app/require-role';
import { Audit } from '../../models/audit';
import { requireAnyRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';

const accountSchema = z.string().trim().min(1).max(64);
const formatSchema = z.object({ format: z.enum(['json', 'zip', 'pdf']).default('json') });
export const eraseSchema = z.object({ reason: z.string().trim().min(3, 'say why (e.g. "customer request 2026-11-30")').max(200) }).strict();
const privacyRoles = requireAnyRole(['admin', 'privacy']);

export const privacyFeature: Feature = {
  name: 'privacy',
  routes(router, ctx) {
    router.get('/api/customers/:accountNumber/export', privacyRoles, async (req, res) => {
      const accountNumber = parse(accountSchema, req.params.accountNumber);
      const { format } = parse(formatSchema, req.query);
      const data = await exportCustomer(ctx, accountNumber);
      await Audit.create({
        at: ctx.clock.now(),
        actor: req.session.agentId,
        action: 'customer.export',
        target: `customer:${accountNumber}`,
        details: `format=${format}`,
      });
      const file = `customer-${accountNumber.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      res.setHeader('cache-control', 'no-store');
      if (format === 'json') return res.json(data);
      res.setHeader('content-disposition', `attachment; filename="${file}.${format}"`);
      if (format === 'pdf') return res.type('application/pdf').send(await exportPdf(data));
      res.type('application/zip').send(Buffer.from(await exportZip(ctx, data)));
    });

    const erase = async (req: import('express').Request, res: import('express').Response) => {
      const accountNumber = parse(accountSchema, req.params.accountNumber);
      const { reason } = parse(eraseSchema, { reason: req.body?.reason ?? req.query.reason });
      res.json(await eraseCustomer(ctx, { accountNumber, reason, actor: req.session.agentId! }));
    };
    router.post('/api/customers/:accountNumber/erase', privacyRoles, erase);
    router.delete('/api/customers/:accountNumber', privacyRoles, erase);

    // The retention job's dry run: what it would erase as of a date, per kind, changing nothing.
    router.get('/api/admin/retention/report', requireRole('admin'), async (req, res) => {
      const { asOf } = parse(z.object({ asOf: z.coerce.date().optional() }), req.query);
      res.json(await runRetention(ctx, asOf ?? ctx.clock.now(), { dryRun: true }));
    });
    router.delete('/api/customers/:accountNumber', privacyRoles, erase);
  },
};
