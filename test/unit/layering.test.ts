// The layering of docs/architecture.md is enforced by ESLint (eslint.config.mjs); these
// cases prove the rule bites: a wrong import fails `npm test`, a right one passes.
// ESLint loads its ESM config, which jest's module system cannot, so one child process
// lints every case. ESLint's no-cycle skips `import type`, so the last test walks the whole
// import graph itself, type-only imports included.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const UPWARDS: Array<[string, string]> = [
  ['core/x.ts', "import { startServer } from '../server/start';\nexport const s = startServer;\n"],
  ['core/tickets/x.ts', "import type { AppContext } from '../../app/context';\nexport type C = AppContext;\n"],
  ['jobs/x.ts', "import type { AppContext } from '../app/context';\nexport type C = AppContext;\n"],
  ['app/x.ts', "import { smsFeature } from '../channels/sms/feature';\nexport const f = smsFeature;\n"],
  ['channels/sms/x.ts', "import { features } from '../../server/features';\nexport const f = features;\n"],
  ['models/x.ts', "import { loadConfig } from '../core/config';\nexport const l = loadConfig;\n"],
  ['wire/x.ts', "import { Ticket } from '../models/ticket';\nexport const t = Ticket;\n"],
  ['web/src/x.ts', "import { Ticket } from '../../models/ticket';\nexport const t = Ticket;\n"],
  ['core/x.ts', "import { startEmbedded } from '../runtime/embedded';\nexport const s = startEmbedded;\n"],
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

const ROOT = resolve(__dirname, '..', '..');
const SOURCE = ['server', 'channels', 'app', 'jobs', 'core', 'models', 'wire', 'runtime'];

/** Every relative import and re-export of every source file, `import type` included. */
function importGraph(): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  for (const dir of SOURCE) walk(join(ROOT, dir));
  const target = (from: string, spec: string) =>
    [`${resolve(dirname(from), spec)}.ts`, join(resolve(dirname(from), spec), 'index.ts')].find((c) => existsSync(c));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const deps: string[] = [];
    for (const node of source.statements) {
      const spec = (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier;
      if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) {
        const to = target(file, spec.text);
        if (to) deps.push(to);
      }
    }
    graph.set(file, deps);
  }
  return graph;
}

/** The import circles (strongly connected components of more than one file, or a file importing itself). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(relative(ROOT, w));
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('no import circles among the source files, type-only imports included', () => {
  const graph = importGraph();
  expect(graph.size).toBeGreaterThan(100);
  expect(circles(graph)).toEqual([]);
});

test('the circle finder reports a two-file circle', () => {
  const a = join(ROOT, 'core/a.ts');
  const b = join(ROOT, 'core/b.ts');
  expect(
    circles(
      new Map([
        [a, [b]],
        [b, [a]],
      ]),
    ),
  ).toEqual([['core/b.ts', 'core/a.ts']]);
});
