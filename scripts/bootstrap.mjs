#!/usr/bin/env node
// Installs whatever is missing before `npm start` / `npm test`, and does nothing
// (quickly) when everything is there. Plain Node with no dependencies, because it
// runs before `npm ci`. Steps: deps (always), runtime (FerretDB + redis-server),
// browser (Debian chromium, for end-to-end tests), web (Vite build of web/).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { clearInterval, setInterval } from 'node:timers';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FERRETDB_VERSION = 'v1.24.2';
const toolsBin = join(root, '.tools', 'bin');
const ferretdbBin = join(toolsBin, 'ferretdb');
// What was built, version and patches: a binary built before a patch was added is rebuilt.
const ferretdbStamp = join(toolsBin, 'ferretdb.build');
// Each patch: `file` + `edits` (exact text replaced in FerretDB's source), or `files` (file →
// edits, for one change spread over several files), and/or `add` (new files). The reasons are written beside each patch and in docs/architecture.md.
const FERRETDB_PATCHES = [
  {
    // FerretDB 1.24's SQLite backend indexes `_id` as `_ferretdb_sjson->"_id"` but looks it up
    // as `_ferretdb_sjson->'$._id'`; SQLite only uses an expression index for the same
    // expression, so every update and delete by `_id` scanned the whole table (≈ 57 ms per
    // update at 20,000 documents, ≈ 1 ms with the index). Same meaning, the index's spelling
    // (the PostgreSQL backend already writes it so).
    id: 'sqlite-id-index',
    file: 'internal/backends/sqlite/metadata/metadata.go',
    edits: [[`IDColumn = DefaultColumn + "->'$._id'"`, `IDColumn = DefaultColumn + "->'_id'"`]],
  },
  {
    // Query() turns `{_id: value}` into SQL only when `_id` is the filter's one key, so a
    // compare-and-set such as `{_id, status: 'pending'}` read the whole collection. Every
    // caller (find, count, update, delete, findAndModify, aggregate) filters the rows again
    // in memory, so narrowing by `_id` first is safe whatever the other keys say.
    // (Both copies: Query, and Explain, which reports the pushdown.)
    id: 'sqlite-id-pushdown.2',
    file: 'internal/backends/sqlite/collection.go',
    edits: [
      [
        'if params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get("_id")',
        'if params.Filter.Len() >= 1 {\n\t\tv, _ := params.Filter.Get("_id")',
        { all: 2 },
      ],
    ],
  },
  {
    // Only `_id` was ever turned into SQL, so every other filter read the whole table: at
    // 50,000 tickets a ticket's messages, tracking by number or a customer's tickets took
    // 1.2–2.4 s, and they grow with the collection. This narrows a query by one equality,
    // `$in` or two-sided range on a top-level field that leads an index, written with the
    // index's own expression (`_ferretdb_sjson->'field'`) so SQLite uses the index (a unique
    // index first, else the filter's first indexed field; `.2`: with the second field of a
    // compound index when both are equalities, e.g. an agent's open tickets among the
    // thousands they handled). At 1,000,000 tickets tracking, the ticket view and the search
    // answer in 6–10 ms at the median (bench/RESULTS.md, reads-1m). Every caller filters the rows
    // again in memory, so the SQL returns a superset: arrays (matched by element) are always
    // included, a number is matched in each of its int/long/double spellings, and what cannot
    // be made safe (null, one-sided and string ranges, regular expressions) is not pushed
    // down. Reasons at length in scripts/ferretdb/sqlite_indexed_pushdown.go; proved by
    // test/integration/store-pushdown.test.ts.
    id: 'sqlite-indexed-pushdown.2',
    file: 'internal/backends/sqlite/collection.go',
    edits: [
      // Query: after the `_id` look-up, if it did not apply.
      [
        '\tq += whereClause\n',
        '\tif whereClause == "" {\n\t\twhereClause, args = indexedPushdown(meta, params.Filter)\n\t}\n\n\tq += whereClause\n',
      ],
      // Explain: the same, so `explain` shows the index SQLite chose.
      [
        '\torderByClause := prepareOrderByClause(params.Sort)\n',
        '\tif whereClause == "" {\n\t\twhereClause, args = indexedPushdown(meta, params.Filter)\n\t}\n\n\torderByClause := prepareOrderByClause(params.Sort)\n',
      ],
    ],
    add: { 'internal/backends/sqlite/indexed_pushdown.go': 'scripts/ferretdb/sqlite_indexed_pushdown.go' },
  },
  {
    // An update command closes each statement's result rows only when the whole command
    // returns (`defer` inside the loop), and SQLite's pool has 100 connections: a bulk
    // write of more than 100 updates waited forever for the 101st. Close them per statement.
    id: 'sqlite-update-close-rows.2',
    file: 'internal/handler/msg_update.go',
    edits: [
      ['closer := iterator.NewMultiCloser()\n\t\tdefer closer.Close()\n', 'closer := iterator.NewMultiCloser()\n'],
      [
        'result, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n',
        'result, err := func() (*common.UpdateResult, error) {\n\t\t\tdefer closer.Close()\n\t\t\treturn common.UpdateDocument(ctx, c, "update", iter, &u)\n\t\t}()\n',
      ],
    ],
  },
  {
    // FerretDB runs update, findAndModify and delete as "query, change in Go, write back by
    // `_id`" without rechecking the filter: 300 concurrent `$inc` of one document kept 93–174,
    // two or three of 50 concurrent `findOneAndUpdate({_id, status: 'queued'})` won, and
    // concurrent upserts by one unique key failed with E11000. Each such statement now holds
    // a lock from its query to the end of its write (scripts/ferretdb/rmw_lock.go): by
    // document when the filter has `_id: <scalar>` (the collection's read side + a mutex for
    // that `_id`), the whole collection otherwise (its write side); one statement at a time,
    // always collection before key, so it cannot deadlock. Reads and inserts take no lock.
    // test/integration/store-hazards.test.ts fails on a build without it.
    id: 'rmw-lock',
    add: { 'internal/handler/rmw_lock.go': 'scripts/ferretdb/rmw_lock.go' },
    files: {
      'internal/handler/msg_update.go': [['h.updateDocument(connCtx, params)', 'h.updateDocumentLocked(connCtx, params)']],
      'internal/handler/msg_findandmodify.go': [
        ['h.findAndModifyDocument(connCtx, params)', 'h.findAndModifyDocumentLocked(connCtx, params)'],
      ],
      'internal/handler/msg_delete.go': [
        ['h.execDelete(connCtx, c, &p)', 'h.execDeleteLocked(connCtx, params.DB, params.Collection, c, &p)'],
      ],
    },
  },
  {
    // SQLite lets one connection write at a time; FerretDB's other connections retry in
    // SQLite's busy handler (sleeps of 1 … 100 ms, up to 10 s), which is unfair, so under
    // sustained load a write waited past the timeout and the application got "database is
    // locked (5) (SQLITE_BUSY)" — a 500 on claim, failed routing dispatches, a mail never
    // acknowledged. Writes of one database now queue on a Go mutex
    // (scripts/ferretdb/serial_writes.go): SQLite's write lock is never contended, a busy
    // store means waiting. test/integration/store-busy.test.ts fails on a build without it.
    id: 'sqlite-one-writer',
    add: { 'internal/util/fsql/serial_writes.go': 'scripts/ferretdb/serial_writes.go' },
    files: {
      'internal/util/fsql/db.go': [
        ['\tBatchSize int\n}', '\tBatchSize int\n\n\twrites *writeLock // serial_writes.go\n}'],
        ['res, err := db.sqlDB.ExecContext(ctx, query, args...)', 'res, err := db.execSerial(ctx, query, args...)'],
        // after BeginTx, which has taken the connection (a deferred BEGIN locks nothing in SQLite)
        ['\ttx := wrapTx(sqlTx, db.l)\n', '\tdefer db.lockWrites()()\n\n\ttx := wrapTx(sqlTx, db.l)\n'],
      ],
      'internal/backends/sqlite/metadata/pool/opendb.go': [
        ['\treturn fsql.WrapDB(db, name, l), nil', '\tfdb := fsql.WrapDB(db, name, l)\n\tfdb.SerialWrites()\n\n\treturn fdb, nil'],
      ],
    },
  },
];
const ferretdbBuild = `${FERRETDB_VERSION} ${FERRETDB_PATCHES.map((p) => p.id).join(' ')}`;
const steps = new Set(process.argv.slice(2));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const began = Date.now();
const elapsed = (since = began) => `${Math.round((Date.now() - since) / 1000)} s`;
function log(msg) {
  process.stderr.write(`[bootstrap] ${msg}\n`);
}
/** A long step: says what it does, how long it has been going every 15 s, and how long it took. */
async function longStep(label, cmd, args, opts = {}, { mayFail = false } = {}) {
  const since = Date.now();
  log(`${label}…`);
  const ticker = setInterval(() => log(`${label}: ${elapsed(since)} so far`), 15_000);
  const code = await new Promise((done) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
    child.once('error', () => done('error'));
    child.once('exit', (c, signal) => done(c ?? signal));
  });
  clearInterval(ticker);
  if (code !== 0 && mayFail) return false;
  if (code !== 0) fail(`${cmd} ${args.join(' ')} exited with ${code}`);
  log(`${label}: done in ${elapsed(since)}`);
  return true;
}
function fail(msg) {
  process.stderr.write(`[bootstrap] ERROR: ${msg}\n`);
  process.exit(1);
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}
function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}
function newestIn(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(p) : mtime(p));
  }
  return newest;
}
let aptUpdated = false;
function aptInstall(pkg, why) {
  if (!isRoot || !which('apt-get')) {
    fail(`${why} needs the Debian package '${pkg}'. Install it (sudo apt-get install ${pkg}) and run again.`);
  }
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  log(`installing ${pkg} from Debian's packages`);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

async function deps() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (mtime(installed) >= mtime(join(root, 'package-lock.json')) && mtime(installed) >= mtime(join(root, 'package.json'))) return;
  // A fresh clone: `npm ci` installs exactly the committed lock file and never rewrites it (a
  // newcomer's clone stays clean). The lock is the one npm itself writes (test/integration/
  // install.test.ts checks it); only when package.json was edited without it does `npm install`
  // update it. With NODE_ENV=production both leave the devDependencies out.
  const fresh = !existsSync(join(root, 'node_modules'));
  if (fresh) {
    if (
      await longStep(
        'installing npm dependencies (npm ci, about 1–2 minutes)',
        'npm',
        ['ci', '--no-audit', '--no-fund'],
        {},
        { mayFail: true },
      )
    )
      return;
    log('npm ci refused the lock file (package.json changed?): npm install');
  }
  await longStep('installing npm dependencies', 'npm', ['install', '--no-audit', '--no-fund']);
}

async function ferretdb() {
  if (existsSync(ferretdbBin) && existsSync(ferretdbStamp) && readFileSync(ferretdbStamp, 'utf8').trim() === ferretdbBuild) {
    const v = spawnSync(ferretdbBin, ['--version'], { encoding: 'utf8' });
    if (v.status === 0 && v.stdout.includes(FERRETDB_VERSION)) return;
  }
  if (!which('go')) fail('FerretDB is built from source with Go (https://go.dev/dl); install Go 1.24+ and run again.');
  // Once per machine (and again only when the patches change): 1–5 minutes, most of it Go
  // downloading and compiling FerretDB's modules. FERRETDB_BIN reuses a binary built before.
  if (process.env.FERRETDB_BIN) {
    mkdirSync(toolsBin, { recursive: true });
    cpSync(process.env.FERRETDB_BIN, ferretdbBin);
    writeFileSync(ferretdbStamp, `${ferretdbBuild}\n`);
    const v = spawnSync(ferretdbBin, ['--version'], { encoding: 'utf8' });
    if (v.status === 0 && v.stdout.includes(FERRETDB_VERSION))
      return log(`FerretDB copied from FERRETDB_BIN (${process.env.FERRETDB_BIN})`);
    fail(`FERRETDB_BIN=${process.env.FERRETDB_BIN} is not FerretDB ${FERRETDB_VERSION}`);
  }
  log(`building FerretDB ${FERRETDB_VERSION} with its patches into .tools/bin: once per machine, 1–5 minutes`);
  log('step 1/2: downloading the FerretDB source (go mod download)');
  // `go install …@version` fails where the module proxy refuses the version list (it
  // checks for deprecations); downloading the one version and building it works, and
  // FerretDB needs build/version/version.txt, which its module zip does not carry.
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], {
      encoding: 'utf8',
      cwd: tmpdir(),
    }),
  );
  const src = join(tmpdir(), `ferretdb-src-${process.pid}`);
  rmSync(src, { recursive: true, force: true });
  cpSync(info.Dir, src, { recursive: true });
  chmodSync(join(src, 'build', 'version'), 0o755);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  for (const patch of FERRETDB_PATCHES) {
    const files = { ...patch.files, ...(patch.file ? { [patch.file]: patch.edits } : {}) };
    for (const [name, edits] of Object.entries(files)) {
      const file = join(src, name);
      let text = readFileSync(file, 'utf8');
      for (const [from, to, opts] of edits) {
        // `all: n`: the text must occur exactly n times and every copy is changed; else exactly once.
        const expected = opts?.all ?? 1;
        const found = text.split(from).length - 1;
        if (found !== expected)
          fail(`FerretDB patch ${patch.id}: ${name} contains the lines it fixes ${found} times, expected ${expected}`);
        text = text.split(from).join(to);
      }
      chmodSync(file, 0o644);
      writeFileSync(file, text);
    }
  }
  for (const patch of FERRETDB_PATCHES) {
    // `add`: whole new source files, kept under scripts/ferretdb/, copied into the tree.
    for (const [target, source] of Object.entries(patch.add ?? {})) {
      const file = join(src, target);
      if (existsSync(file)) fail(`FerretDB patch ${patch.id}: ${target} already exists in FerretDB's source`);
      cpSync(join(root, source), file);
    }
  }
  mkdirSync(toolsBin, { recursive: true });
  await longStep('step 2/2: compiling FerretDB (go build)', 'go', ['build', '-trimpath', '-o', ferretdbBin, './cmd/ferretdb'], {
    cwd: src,
  });
  writeFileSync(ferretdbStamp, `${ferretdbBuild}\n`);
  rmSync(src, { recursive: true, force: true });
}

function redis() {
  if (which('redis-server')) return;
  aptInstall('redis-server', 'The embedded runtime');
}

function browser() {
  if (existsSync('/usr/bin/chromium')) return;
  aptInstall('chromium', 'The browser end-to-end tests');
}

async function web() {
  const built = mtime(join(root, 'web', 'dist', 'index.html'));
  const sources = Math.max(newestIn(join(root, 'web')), mtime(join(root, 'package-lock.json')));
  if (built && built >= sources) return;
  // Vite is a runtime dependency (package.json): `NODE_ENV=production npm start` builds the
  // pages too, with the devDependencies left out. Or build them ahead with `npm run build`.
  await longStep('building the web pages (vite)', 'npx', [
    '--no-install',
    'vite',
    'build',
    '--config',
    'web/vite.config.mts',
    '--logLevel',
    'warn',
  ]);
}

await deps();
if (steps.has('runtime')) {
  // With both services given, `npm start` starts neither and needs neither installed.
  const external = process.env.MONGODB_URI && process.env.REDIS_URL && !process.env.JEST_WORKER_ID;
  if (!external || steps.has('browser')) {
    await ferretdb();
    redis();
  }
}
if (steps.has('browser')) browser();
if (existsSync(join(root, 'web', 'vite.config.mts'))) await web();
if (Date.now() - began > 5000) log(`ready to start after ${elapsed()}`);
