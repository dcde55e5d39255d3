// The classifier against the everyday phrasings customers text and mail, per language: supply
// failures in the words people use ("manca la luce", "нет света", "no power") are outages,
// and sentences that only mention light, gas or water — or say "no" / "нет" / "manca" about
// something else — are not, so the table cannot pass by calling everything an outage. A smell
// of gas or a leak is an emergency (issue 13), whatever else the text says.
import { classify } from '../../core/classify';
import type { Category } from '../../wire';

const italian: Array<[string, Category]> = [
  ['manca la luce in via Roma da stamattina', 'outage'],
  ['Manca la corrente in tutto il palazzo', 'outage'],
  ["manca l'acqua da ieri sera", 'outage'],
  ['Manca il gas, non posso cucinare', 'outage'],
  ["Buongiorno, in casa non c'è luce", 'outage'],
  ["Non c'è corrente da un'ora in tutta la via", 'outage'],
  ["non c'è più l'acqua al rubinetto", 'outage'],
  ['Non ce luce nel condominio', 'outage'],
  ['Siamo senza luce da due ore', 'outage'],
  ['senza corrente tutto il quartiere', 'outage'],
  ['è saltata la luce in tutta la via', 'outage'],
  ['è andata via la corrente alle 7', 'outage'],
  ['la luce è andata via e non è tornata', 'outage'],
  ['È mancata la luce stanotte', 'outage'],
  ['Mancanza di acqua in via Verdi 12', 'outage'],
  ['non arriva il gas ai fornelli', 'outage'],
  ["Non arriva più l'acqua al terzo piano", 'outage'],
  ['black out in zona stazione', 'outage'],
  ['guasto alla rete elettrica in paese', 'outage'],
  ["c'è una fuga di gas in strada", 'emergency'],
  ['sento odore di gas nelle scale', 'emergency'],
  ['Interruzione della fornitura di gas', 'outage'],
  ['Vorrei fare reclamo per la bolletta', 'complaint'],
  ['La bolletta di marzo è troppo alta', 'billing'],
  ['Quanto manca alla scadenza della fattura?', 'billing'],
  ['Mi manca la bolletta di febbraio, potete rimandarla?', 'billing'],
  ['Il contatore della luce segna un consumo strano', 'meter_reading'],
  ['Vi invio la lettura del gas: 4567', 'meter_reading'],
  ["Quanto costa l'acqua al metro cubo?", 'information_request'],
  ['Vorrei attivare luce e gas nella casa nuova', 'information_request'],
  ['Posso avere la rateizzazione della bolletta della luce?', 'instalment'],
  ['Grazie, la luce è tornata, siete stati veloci', 'feedback'],
  ['Buongiorno, a che ora apre lo sportello?', 'information_request'],
  ['Non ho ricevuto la fattura del gas', 'billing'],
];

const russian: Array<[string, Category]> = [
  ['Нет света во всём доме', 'outage'],
  ['нет света с утра', 'outage'],
  ['У нас нет воды', 'outage'],
  ['Нет газа в квартире', 'outage'],
  ['Во всём подъезде нет электричества', 'outage'],
  ['нет горячей воды третий день', 'outage'],
  ['Отключили свет на улице Ленина', 'outage'],
  ['Свет отключили с утра, когда включат?', 'outage'],
  ['Воду отключили без предупреждения', 'outage'],
  ['отключили газ в доме 5', 'outage'],
  ['Пропал свет во всём районе', 'outage'],
  ['Пропало электричество', 'outage'],
  ['Сидим без света уже три часа', 'outage'],
  ['Мы без воды со вчерашнего дня', 'outage'],
  ['Авария на подстанции, весь квартал без света', 'outage'],
  ['Отключение электроэнергии на нашей улице', 'outage'],
  ['Запах газа в подъезде', 'emergency'],
  ['Утечка газа у соседей', 'emergency'],
  ['Вырубило свет во всём доме', 'outage'],
  ['Когда дадут свет?', 'outage'],
  ['Хочу подать жалобу на сотрудника', 'complaint'],
  ['Почему такой большой счет за газ?', 'billing'],
  ['Прошу рассрочку по долгу за свет', 'instalment'],
  ['Передаю показания счётчика электроэнергии', 'meter_reading'],
  ['Как передать показания воды?', 'meter_reading'],
  ['Спасибо за быструю помощь', 'feedback'],
  ['Как оплатить за свет через интернет?', 'billing'],
  ['Нет квитанции за январь', 'billing'],
  ['Сколько стоит подключение газа к дому?', 'information_request'],
  ['У меня нет доступа в личный кабинет', 'information_request'],
  ['Можно отсрочку платежа за воду?', 'deferral'],
  ['Перезвоните мне, пожалуйста', 'callback'],
  ['Какой у вас график работы офиса?', 'information_request'],
];

const english: Array<[string, Category]> = [
  ['No power since this morning', 'outage'],
  ['We have no electricity in the whole building', 'outage'],
  ['no water in Via Roma', 'outage'],
  ['No gas at my flat', 'outage'],
  ['There is a power cut in my street', 'outage'],
  ['Power outage on Elm Street', 'outage'],
  ['The power is out again', 'outage'],
  ['the power went out an hour ago', 'outage'],
  ['Electricity is off in the entire block', 'outage'],
  ['Our water has been cut off', 'outage'],
  ['We lost power during the storm', 'outage'],
  ['Been without power for 3 hours', 'outage'],
  ['We are without water since yesterday', 'outage'],
  ['Blackout in the whole neighbourhood', 'outage'],
  ['The lights went out in the whole building', 'outage'],
  ['There is a gas leak outside', 'emergency'],
  ['I can smell gas in the stairwell', 'emergency'],
  ['No hot water since Monday', 'outage'],
  ['Water supply interrupted on my road', 'outage'],
  ['I want to complain about the service', 'complaint'],
  ['Please call me back tomorrow', 'callback'],
  ['My bill is far too high this month', 'billing'],
  ['How much does power cost per kWh?', 'information_request'],
  ['Can I pay my water bill online?', 'billing'],
  ['I would like to switch my gas tariff', 'information_request'],
  ['Thank you for the quick help', 'feedback'],
  ['Here is my meter reading: 4567', 'meter_reading'],
  ['No problem, see you tomorrow', 'information_request'],
  ['I have no idea how to read my bill', 'billing'],
  ['Could I get an instalment plan for the electricity bill?', 'instalment'],
  ['Is there a discount for electric cars?', 'information_request'],
  ['What are your opening hours?', 'information_request'],
];

describe.each([
  ['it', italian],
  ['ru', russian],
  ['en', english],
] as const)('%s phrasings', (_language, table) => {
  test('the table is large and not only outages', () => {
    expect(table.length).toBeGreaterThanOrEqual(30);
    expect(table.filter(([, c]) => c !== 'outage').length).toBeGreaterThanOrEqual(10);
  });
  test.each(table)('%s → %s', (body, expected) => {
    expect(classify({ body })).toBe(expected);
  });
});

describe('emergencies', () => {
  const keywords = ['gas', 'fuga', 'emergenza', 'emergency', 'газ'];
  test.each([
    ['puzza di gas in cucina', 'emergency'],
    ['Fuga di gas!!', 'emergency'],
    ['пахнет газом на лестнице', 'emergency'],
    ['strong gas smell near the meter', 'emergency'],
    ['GAS', 'emergency'],
    [' Fuga. ', 'emergency'],
    ['Газ', 'emergency'],
    ['gas bill', 'billing'],
    ['Manca il gas, non posso cucinare', 'outage'],
  ] as Array<[string, Category]>)('%s → %s', (body, expected) => {
    expect(classify({ body, emergencyKeywords: keywords })).toBe(expected);
  });
  test('a keyword is a whole message: without the rule set’s keywords, "gas" alone is no emergency', () => {
    expect(classify({ body: 'gas' })).toBe('information_request');
  });
  test('words of a gas leak win over a category picked from a form (which offers no emergency)', () => {
    expect(classify({ body: 'fuga di gas', explicitCategory: 'complaint' })).toBe('emergency');
    expect(classify({ body: 'gas', explicitCategory: 'complaint', emergencyKeywords: keywords })).toBe('complaint');
  });
});
