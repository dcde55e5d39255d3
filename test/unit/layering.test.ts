// The layering of docs/architecture.md is enforced by ESLint (eslint.config.mjs); these
// cases prove the rule bites: a wrong import fails `npm test`, a right one passes.
// ESLint loads its ESM config, which jest's module system cannot, so one child process
// lints every case.
import { execFileSync } from 'node:child_process';

const UPWARDS: Array<[string, string]> = [
  ['core/x.ts', "import { startServer } from '../server/start';\nexport const s = startServer;\n"],
  ['core/tickets/x.ts', "import type { AppContext } from '../../app/context';\nexport type C = AppContext;\n"],
  ['jobs/x.ts', "import type { AppContext } from '../app/context';\nexport type C = AppContext;\n"],
  ['app/x.ts', "import { smsFeature } from '../channels/sms/feature';\nexport const f = smsFeature;\n"],
  ['channels/sms/x.ts', "import { features } from '../../server/features';\nexport const f = features;\n"],
  ['models/x.ts', "import { loadConfig } from '../core/config';\nexport const l = loadConfig;\n"],
  ['wire/x.ts', "import { Ticket } from '../models/ticket';\nexport const t = Ticket;\n"],
  ['web/src/x.ts', "import { Ticket } from '../../models/ticket';\nexport const t = Ticket;\n"],
];
const DOWNWARDS: Array<[string, string]> = [
  ['server/x.ts', "import { smsFeature } from '../channels/sms/feature';\nexport const f = smsFeature;\n"],
  ['channels/sms/x.ts', "import type { Feature } from '../../app/feature';\nexport type F = Feature;\n"],
  ['core/x.ts', "import { Ticket } from '../models/ticket';\nexport const t = Ticket;\n"],
  ['models/x.ts', "import { CATEGORIES } from '../wire';\nexport const c = CATEGORIES;\n"],
  ['web/src/x.ts', "import { FORM_CATEGORIES } from '../../wire';\nexport const c = FORM_CATEGORIES;\n"],
];

const LINT = `
const { ESLint } = require('eslint');
const cases = JSON.parse(process.argv[1]);
(async () => {
  const eslint = new ESLint();
  const out = [];
  for (const [file, code] of cases) {
    const [r] = await eslint.lintText(code, { filePath: file });
    out.push(r.messages.map((m) => m.ruleId + ': ' + m.message));
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

let results: string[][] = [];
beforeAll(() => {
  const out = execFileSync(process.execPath, ['-e', LINT, JSON.stringify([...UPWARDS, ...DOWNWARDS])], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  results = JSON.parse(out) as string[][];
}, 60_000);

describe('layering (server → channels → app → jobs → core → models → wire)', () => {
  it.each(UPWARDS.map(([file], i) => [file, i] as const))('%s may not import upwards', (_file, i) => {
    expect(results[i].some((p) => p.startsWith('import-x/no-restricted-paths'))).toBe(true);
  });

  it.each(DOWNWARDS.map(([file], i) => [file, UPWARDS.length + i] as const))('%s may import downwards', (_file, i) => {
    expect(results[i]).toEqual([]);
  });
});
