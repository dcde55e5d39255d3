import { classify } from '../../core/classify';

test.each([
  ['12345678g4567', 'meter_reading'],
  ['12345678 EE 012345', 'meter_reading'],
  ['Vi invio la lettura del contatore: 4567', 'meter_reading'],
  ['Siamo senza luce da due ore in via Roma', 'outage'],
  ['Нет света во всём доме', 'outage'],
  ['There is a power cut in my street', 'outage'],
  ['Ho ricevuto un contratto mai firmato da me', 'disputed_contract'],
  ['Мне навязан договор, я его не заключал', 'disputed_contract'],
  ['Vorrei fare reclamo per la bolletta', 'complaint'],
  ['Хочу подать жалобу', 'complaint'],
  ['I want to complain about the service', 'complaint'],
  ['Posso avere la rateizzazione della bolletta?', 'instalment'],
  ['Прошу рассрочку', 'instalment'],
  ['Chiedo una dilazione del pagamento', 'deferral'],
  ['Можно отсрочку платежа?', 'deferral'],
  ['Please call me back tomorrow', 'callback'],
  ['Non capisco la fattura di marzo', 'billing'],
  ['Почему такой большой счет?', 'billing'],
  ['Grazie per la cortesia', 'feedback'],
  ['Ho un suggerimento per il sito', 'suggestion'],
  ['Voglio esercitare il diritto di ripensamento', 'withdrawal'],
  ['Buongiorno, a che ora aprite?', 'information_request'],
])('%s → %s', (body, expected) => {
  expect(classify({ body })).toBe(expected);
});

test('an explicit category from a form or the IVR wins over the text', () => {
  expect(classify({ body: 'siamo senza luce', explicitCategory: 'complaint' })).toBe('complaint');
});

test('the subject counts too', () => {
  expect(classify({ subject: 'Reclamo', body: 'vedi allegato' })).toBe('complaint');
});
