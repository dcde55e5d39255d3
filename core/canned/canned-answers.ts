// Canned answers kept on the server, managed by supervisors and admins in the browser. The
// first read seeds the store with the built-in answers once per store (a `migrations` row
// marks it, so answers an admin deleted stay deleted); `_id` is the answer's id, so a second
// node seeding at the same time only writes duplicates, which are ignored.
import { z } from 'zod';
import { CannedAnswer } from '../../models/canned-answer';
import { Migration } from '../../models/migration';
import { isDuplicateKey } from '../../models/store';
import { CATEGORIES } from '../../wire';
import { DEFAULT_CANNED, type Canned } from '../../wire/canned';
import { NotFound } from '../errors';

export const cannedSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _'),
  label: z.string().trim().min(1).max(80),
  category: z.enum(CATEGORIES).nullable().default(null),
  text: z.object({
    it: z.string().max(2000).default(''),
    ru: z.string().max(2000).default(''),
    en: z.string().trim().min(1).max(2000),
  }),
});
export type CannedInput = z.input<typeof cannedSchema>;

const SEEDED = 'canned-answers-seed';

async function seed(): Promise<void> {
  if (await Migration.exists({ _id: SEEDED })) return;
  try {
    await CannedAnswer.insertMany(
      DEFAULT_CANNED.map((c) => ({ _id: c.id, label: c.label, category: c.category ?? null, text: c.text })),
      { ordered: false },
    );
  } catch (err) {
    if (!isDuplicateKey(err) && !(err as { writeErrors?: unknown }).writeErrors) throw err;
  }
  await Migration.updateOne(
    { _id: SEEDED },
    { $setOnInsert: { doneAt: new Date(), result: { answers: DEFAULT_CANNED.length } } },
    { upsert: true },
  );
}

export async function listCanned(): Promise<Canned[]> {
  let rows = await CannedAnswer.find().sort({ _id: 1 }).lean();
  if (!rows.length) {
    await seed();
    rows = await CannedAnswer.find().sort({ _id: 1 }).lean();
  }
  return rows.map((r) => ({
    id: r._id,
    label: r.label,
    category: r.category ?? null,
    text: { it: r.text?.it ?? '', ru: r.text?.ru ?? '', en: r.text?.en ?? '' },
  }));
}

/** Creates or replaces one answer. */
export async function saveCanned(input: CannedInput): Promise<Canned> {
  const c = cannedSchema.parse(input);
  await listCanned(); // seeded first, so saving one answer never hides the built-in ones
  await CannedAnswer.updateOne({ _id: c.id }, { $set: { label: c.label, category: c.category, text: c.text } }, { upsert: true });
  return c;
}

export async function deleteCanned(id: string): Promise<void> {
  const res = await CannedAnswer.deleteOne({ _id: id });
  if (!res.deletedCount) throw NotFound(`canned answer ${id}`);
}
