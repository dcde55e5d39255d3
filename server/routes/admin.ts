import express from 'express';
import { z } from 'zod';
import { createAgent, createAgentSchema } from '../../core/agents/create-agent';
import { Invalid, NotFound } from '../../core/errors';
import { IMPORT_KINDS, importRows } from '../../core/import/import-rows';
import { readCsv } from '../../core/import/read-table';
import { recordAudit } from '../../core/audit/record-audit';
import { Audit } from '../../models/audit';
import { JobRun } from '../../models/job-run';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';

const kindSchema = z.enum(IMPORT_KINDS);
const runSchema = z.object({ asOf: z.coerce.date().optional() }).default({});

export const adminFeature: Feature = {
  name: 'admin',
  routes(router, ctx) {
    const csvBody = express.text({ type: ['text/csv', 'application/csv', 'text/plain'], limit: '50mb' });
    const jsonBody = express.json({ limit: '50mb' });

    router.post('/api/admin/import/:kind', requireRole('admin'), jsonBody, csvBody, async (req, res) => {
      const kind = parse(kindSchema, req.params.kind);
      // CSV with any separator (core/import/read-table.ts, shared with `npm run import`), or JSON rows.
      const rows: unknown = typeof req.body === 'string' ? readCsv(req.body) : req.body;
      if (!Array.isArray(rows)) throw Invalid('send a JSON array of rows or a CSV file (Content-Type: text/csv)');
      const report = await importRows(kind, rows, ctx.config);
      await Audit.create({
        at: ctx.clock.now(),
        actor: req.session.agentId,
        action: `import.${kind}`,
        details: JSON.stringify({ received: report.received, inserted: report.inserted, updated: report.updated, failed: report.failed }),
      });
      ctx.logger.info(
        { kind, received: report.received, inserted: report.inserted, updated: report.updated, failed: report.failed },
        'import finished',
      );
      res.json(report);
    });

    router.post('/api/admin/agents', requireRole('admin'), jsonBody, async (req, res) => {
      const agent = await createAgent(parse(createAgentSchema, req.body), ctx.config.DEFAULT_LANGUAGE);
      await Audit.create({ at: ctx.clock.now(), actor: req.session.agentId, action: 'agent.create', target: agent.id });
      res.status(201).json(agent);
    });

    router.post('/api/admin/jobs/:name/run', requireRole('admin'), jsonBody, async (req, res) => {
      const name = String(req.params.name);
      if (!ctx.scheduler.has(name)) throw NotFound(`job ${name}`);
      const { asOf } = parse(runSchema, req.body ?? {});
      const result = await ctx.scheduler.runNow(name, asOf ?? ctx.clock.now(), 'manual');
      await recordAudit({
        at: ctx.clock.now(),
        actor: String(req.session.agentId),
        action: 'job.run',
        target: name,
        details: { status: result.status },
      });
      res.status(result.status === 'succeeded' ? 200 : 500).json(result);
    });

    router.get('/api/admin/jobs/runs', requireRole('supervisor'), async (req, res) => {
      const name = typeof req.query.name === 'string' ? req.query.name : undefined;
      const runs = await JobRun.find(name ? { name } : {})
        .sort({ startedAt: -1 })
        .limit(100)
        .lean();
      res.json({ jobs: ctx.scheduler.names(), runs });
    });
  },
};
