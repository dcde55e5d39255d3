import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv } from '../../core/config';

test('.env fills unset variables only; the environment wins; never under the tests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
  const file = join(dir, '.env');
  writeFileSync(file, 'PORT=4000\nRULE_SET=ru\n# a comment\nADMIN_EMAIL=\n');
  const env: Record<string, string | undefined> = { PORT: '5000' };
  expect(loadDotEnv(file, env)).toBe(file);
  expect(env).toMatchObject({ PORT: '5000', RULE_SET: 'ru' });
  expect(loadDotEnv(join(dir, 'missing.env'), {})).toBeNull();
  const testEnv: Record<string, string | undefined> = { NODE_ENV: 'test' };
  expect(loadDotEnv(file, testEnv)).toBeNull();
  expect(testEnv.RULE_SET).toBeUndefined();
});
