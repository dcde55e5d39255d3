import { XMLParser, XMLValidator } from 'fast-xml-parser';

// What Twilio accepts where (TwiML reference): top-level verbs of voice and messaging
// responses, and the nouns/verbs each may nest.
const VERBS = new Set([
  'Say',
  'Play',
  'Pause',
  'Gather',
  'Record',
  'Dial',
  'Enqueue',
  'Leave',
  'Hangup',
  'Redirect',
  'Reject',
  'Message',
  'Refer',
  'Connect',
  'Start',
  'Stop',
]);
const CHILDREN: Record<string, Set<string>> = {
  Gather: new Set(['Say', 'Play', 'Pause']),
  Dial: new Set(['Number', 'Client', 'Queue', 'Conference', 'Sip']),
  Message: new Set(['Body', 'Media']),
};

function checkNesting(name: string, node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key.startsWith('@') || key === '#text') continue;
    const allowed = name === 'Response' ? VERBS : CHILDREN[name];
    if (!allowed?.has(key)) throw new Error(`<${key}> is not allowed inside <${name}>`);
    for (const child of Array.isArray(value) ? value : [value]) checkNesting(key, child);
  }
}

/** Asserts a webhook answer is TwiML Twilio accepts (well-formed XML, <Response> root, known verbs nested as allowed) and returns it parsed. */
export function parseTwiml(text: string): Record<string, any> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid)}\n${text}`);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ['Say', 'Gather', 'Message', 'Play', 'Pause'].includes(name),
  }).parse(text);
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  if (roots.length !== 1 || roots[0] !== 'Response') throw new Error(`TwiML root must be <Response>, got ${roots.join(',')}`);
  const response = (doc.Response ?? {}) as Record<string, any>;
  checkNesting('Response', response);
  return response;
}

/** The texts of the <Message> verbs of an SMS reply. */
export function messagesOf(text: string): string[] {
  const r = parseTwiml(text);
  return ((r.Message ?? []) as Array<string | { '#text': string }>).map((m) => (typeof m === 'string' ? m : m['#text']));
}
