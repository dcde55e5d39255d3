// Category detection for free text: words of a gas leak first (an emergency must never wait as
// anything else); then an explicit category (web form, IVR choice); then the rule set's
// emergency keyword as a whole message; then the self-reading format; then keywords in
// Italian, Russian and English.
import type { Category } from '../wire';

/** `<contract><service letter><reading>`, as texted by customers (docs/rules.md, "SMS self-reading"). */
const SELF_READING = /^\s*\d{4,}\s*(g|ee|a|t)\s*\d[\d\s.,/-]*$/i;

// `\b` is ASCII-only even with /u, so word starts are written as a look-behind that
// also works for Cyrillic. Order matters: the first category whose pattern matches wins, so the urgent and the
// specific come before the general.
const W = '(?<![\\p{L}\\p{N}])';
const IT_SUPPLY = '(luce|corrente|acqua|gas|elettricità|energia elettrica|riscaldamento)';
const IT_ART = "(più )?(di |della |dell['’]|del )?(la |l['’]|il |lo )?";
const RU_SUPPLY = '(свет|электричеств|электроэнерги|газ|вод|отоплени|тепл)\\p{L}*';
const EN_SUPPLY = '(power|electricity|water|gas|heating|hot water)';

function outagePatterns(): string[] {
  return [
    // Italian
    `${W}(guast[oi]|black[- ]?out|interruzion[ei])`,
    `${W}senza ${IT_ART}${IT_SUPPLY}`,
    `${W}manca\\p{L}* ${IT_ART}${IT_SUPPLY}`,
    `${W}(è |e )?mancat[ao] ${IT_ART}${IT_SUPPLY}`,
    `${W}non c['’]?[eè] ${IT_ART}${IT_SUPPLY}`,
    `${W}non arriva ${IT_ART}${IT_SUPPLY}`,
    `${W}(saltat[ao]|andat[ao] via|staccat[ao]) ${IT_ART}${IT_SUPPLY}`,
    `${W}${IT_SUPPLY} (è |e )?(saltat[ao]|andat[ao] via|mancat[ao]|staccat[ao])`,
    // Russian
    `${W}авари\\p{L}*`,
    `${W}(нет|без) (горяч\\p{L}* |холодн\\p{L}* )?${RU_SUPPLY}`,
    `${W}(отключ|пропа|вырубил|выбило)\\p{L}* ${RU_SUPPLY}`,
    `${W}${RU_SUPPLY} (\\p{L}+ )?(отключ|пропа|вырубил)\\p{L}*`,
    `${W}дадут (свет|газ|воду|электричество)`,
    // English
    `${W}(outage|black-?out|power cut|power failure|supply (failure|interrupt\\p{L}*))`,
    `${W}(no|without|lost( the)?) ${EN_SUPPLY}(?!\\p{L})(?! (bill|tariff|meter|contract))`,
    `${W}${EN_SUPPLY} (is |was |has been |have been |went |goes |got )?(out|off|cut( off)?|gone|down|interrupt\\p{L}*)(?!\\p{L})`,
    `${W}lights? (went|are|is|have gone) out`,
  ];
}

/** A smell of gas or a leak, in the words people use: an emergency, before any other reading of the text. */
const EMERGENCY = new RegExp(
  [
    `${W}(fuga|fughe|odore|puzza|perdita|perdite|sento) (di )?gas`,
    `${W}(запах|утечк\\p{L}*) газа`,
    `${W}пахнет газом`,
    `${W}(gas leak\\p{L}*|leak(ing)? (of )?gas|smell(s|ing)? (of )?gas|gas smell)`,
  ].join('|'),
  'iu',
);

/** A whole message that is one keyword, case and surrounding punctuation ignored (as the consent keywords). */
function isKeyword(body: string, keywords: readonly string[]): boolean {
  const word = body
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^[\s"'«.!?]+|[\s"'».!?]+$/g, '');
  return !!word && !/\s/.test(word) && keywords.some((k) => k.toLowerCase() === word);
}

const KEYWORDS: Array<[Category, RegExp]> = [
  // A supply failure in the words people text: "manca la luce", "non c'è acqua", "нет света",
  // "свет отключили", "no power", "the power went out". Each alternative names the supply (or
  // a gas leak), so "manca la bolletta", "нет квитанции" or "no problem" stay what they are.
  ['outage', new RegExp(outagePatterns().join('|'), 'iu')],
  [
    'disputed_contract',
    /(non richiest|mai firmat|contratto (non|mai)|unrequested|never signed|did not sign|не заключал|без (моего )?согласия|навязан)/iu,
  ],
  [
    'withdrawal',
    /(?<![\p{L}\p{N}])(recess[oi]|ripensamento|disdetta|withdraw\p{L}*|cancel (my )?contract|расторг\p{L}*|отказ от договора)/iu,
  ],
  ['instalment', /(?<![\p{L}\p{N}])(rateizz\p{L}*|a rate(?!\p{L})|rate mensili|instal?ments?|payment plan|рассрочк\p{L}*)/iu],
  ['deferral', /(?<![\p{L}\p{N}])(dilazion\p{L}*|proroga|rinvio (del )?pagamento|defer\p{L}*|postpone|extension|отсрочк\p{L}*)/iu],
  ['callback', /(?<![\p{L}\p{N}])(richiamat\p{L}*|call me back|callback|перезвон\p{L}*)/iu],
  ['complaint', /(?<![\p{L}\p{N}])(reclam\p{L}*|lamentel\p{L}*|complain\p{L}*|жалоб\p{L}*|претензи\p{L}*)/iu],
  [
    'meter_reading',
    /(?<![\p{L}\p{N}])(lettur\p{L}*|autolettur\p{L}*|contator\p{L}*|meter reading|reading|показани\p{L}*|счётчик\p{L}*|счетчик\p{L}*)/iu,
  ],
  ['billing', /(?<![\p{L}\p{N}])(bollett\p{L}*|fattur\p{L}*|bill(ing)?|invoice|счёт|счет\p{L}*|квитанц\p{L}*|оплат\p{L}*)/iu],
  ['suggestion', /(?<![\p{L}\p{N}])(suggeriment\p{L}*|propost\p{L}*|suggest\p{L}*|предложени\p{L}*)/iu],
  ['feedback', /(?<![\p{L}\p{N}])(grazie|complimenti|thank(s| you)|feedback|спасибо|благодар\p{L}*|отзыв\p{L}*)/iu],
];

export interface ClassifyInput {
  body: string;
  subject?: string;
  explicitCategory?: Category;
  /** The rule set's emergency keywords (RuleSet.emergencies.smsKeywords): a message of one of them alone is an emergency. */
  emergencyKeywords?: readonly string[];
}

export function classify(input: ClassifyInput): Category {
  const text = `${input.subject ?? ''}\n${input.body}`;
  // Words of a gas leak win even over a category picked from a form's list, which has no emergency in it.
  if (EMERGENCY.test(text)) return 'emergency';
  if (input.explicitCategory) return input.explicitCategory;
  if (input.emergencyKeywords && isKeyword(input.body, input.emergencyKeywords)) return 'emergency';
  if (SELF_READING.test(input.body)) return 'meter_reading';
  for (const [category, pattern] of KEYWORDS) {
    if (pattern.test(text)) return category;
  }
  return 'information_request';
}
