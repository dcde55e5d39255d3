// GET /api/rules: the rule book in force (rule set, every value with its unit, source and
// whether it was overridden) for supervisors — the dashboard's rule-book page reads it.
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { ruleBook } from '../../core/rules/rule-book';

export const rulesFeature: Feature = {
  name: 'rules',
  routes(router, ctx) {
    router.get('/api/rules', requireRole('supervisor'), (_req, res) => {
      res.json(ruleBook(ctx.rules, ctx.config.TIMEZONE));
    });
  },
};
