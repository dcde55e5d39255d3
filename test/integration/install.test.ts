// What a newcomer's clone and a production host install: the committed lock file is exactly
// the one npm writes (so `npm start` on a fresh clone leaves `git status` clean, and `npm ci`
// accepts it), and what `npm start` / `npm run worker` / the tools load in production comes
// from `dependencies` only (`NODE_ENV=production` installs no devDependencies).
import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

jest.setTimeout(120_000);
const root = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

test('the committed lock file is the one npm writes, and npm ci accepts it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  try {
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(root, f), join(dir, f));
    const opts = { cwd: dir, encoding: 'utf8' as const, env: { ...process.env, NODE_ENV: '' } };
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], opts);
    expect(readFileSync(join(dir, 'package-lock.json'), 'utf8')).toBe(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    const ci = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], opts);
    expect(ci.stderr).not.toMatch(/in sync|EUSAGE/);
    expect(ci.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The packages a module and everything it imports (relative imports followed) load at run time. */
function packagesLoadedBy(entries: string[]): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>(); // package → first file that imports it
  const queue = entries.map((e) => join(root, e));
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Static imports that are not type-only, re-exports, dynamic imports and requires.
    const specs = [
      ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
      ...[...text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
    ];
    for (const spec of specs) {
      if (spec.startsWith('.')) {
        const base = resolve(dirname(file), spec);
        const found = ['', '.ts', '.mts', '.mjs', '.js', '/index.ts']
          .map((x) => base + x)
          .find((p) => existsSync(p) && statSync(p).isFile());
        if (found && !found.endsWith('.css') && !found.endsWith('.json')) queue.push(found);
        continue;
      }
      if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (!packages.has(name)) packages.set(name, file.slice(root.length + 1));
    }
  }
  return packages;
}

test('npm start, the worker and the tools load nothing from devDependencies (NODE_ENV=production installs none)', () => {
  const loaded = packagesLoadedBy(
    ['scripts/bootstrap.mjs', 'web/vite.config.mts', 'server/main.ts', 'server/worker.ts', 'scripts/import.ts', 'scripts/agent.ts'].filter(
      (f) => existsSync(join(root, f)),
    ),
  );
  expect(loaded.size).toBeGreaterThan(10); // the walk found the real graph
  const fromDev = [...loaded].filter(([name]) => !(name in pkg.dependencies)).map(([name, by]) => `${name} (imported by ${by})`);
  expect(fromDev).toEqual([]);
  // What bootstrap and the start script run besides: tsx (npm start) and vite (the pages).
  for (const tool of ['tsx', 'vite']) expect(pkg.dependencies[tool]).toBeDefined();
  expect(readFileSync(join(root, 'scripts', 'bootstrap.mjs'), 'utf8')).toMatch(/'npx',\s*\[\s*'--no-install',\s*'vite'/);
});
