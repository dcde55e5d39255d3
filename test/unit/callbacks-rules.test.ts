// The callback rules: when virtual hold is offered, and the ru preset's call-back within
// 4 hours on a 24/7 hotline (the ticket's deadline and the hours callbacks are dialled).
import { isOpen, parseBusinessHours } from '../../core/business-hours';
import { parseCallbackMessageId, callbackMessageId } from '../../core/callbacks/dial-callback';
import { offersVirtualHold } from '../../core/callbacks/virtual-hold';
import { PRESETS } from '../../core/rules/presets';
import { parseRulesOverrides } from '../../core/rules/overrides';
import { slaDeadlines } from '../../core/sla/sla-clock';

describe('virtual hold is offered after the wait or when the expected wait is long', () => {
  const rule = PRESETS['seed-2014'].callbacks.virtualHold;
  test.each([
    ['just in the queue, short expected wait', 0, 60, false],
    ['one second before the wait', 119, 60, false],
    ['at the wait', 120, 60, true],
    ['expected wait exactly at the threshold', 0, 300, false],
    ['expected wait over the threshold', 0, 301, true],
  ])('%s', (_n, queueSeconds, expectedWaitSeconds, offered) =>
    expect(offersVirtualHold(rule, { queueSeconds, expectedWaitSeconds })).toBe(offered),
  );
  test('a trigger set to null is off', () => {
    expect(offersVirtualHold({ afterSeconds: null, expectedWaitSeconds: null }, { queueSeconds: 9999, expectedWaitSeconds: 9999 })).toBe(
      false,
    );
  });
});

describe('ru: call-back within 4 hours, 24/7', () => {
  const ru = PRESETS.ru;
  const saturdayEvening = new Date('2026-11-28T19:30:00Z'); // 22:30 in Moscow, 20:30 in Rome
  test('a callback ticket is due 4 hours after the request, to the minute', () => {
    const { resolutionDueAt } = slaDeadlines('voice', 'callback', ru, saturdayEvening, { timeZone: 'Europe/Moscow', live: false });
    expect(resolutionDueAt.getTime() - saturdayEvening.getTime()).toBe(4 * 3_600_000);
    expect(ru.callbacks.targetHours).toBe(4);
  });
  test('callbacks are dialled at any hour, Saturday night and Sunday included', () => {
    const hours = parseBusinessHours(ru.callbacks.hours);
    expect(isOpen(hours, saturdayEvening, 'Europe/Moscow')).toBe(true);
    expect(isOpen(hours, new Date('2026-11-29T00:30:00Z'), 'Europe/Moscow')).toBe(true);
  });
  test('the Italian presets keep office hours and a day', () => {
    for (const id of ['seed-2014', 'it-2026'] as const) {
      const p = PRESETS[id];
      expect(isOpen(parseBusinessHours(p.callbacks.hours), new Date('2026-11-29T10:00:00Z'), 'Europe/Rome')).toBe(false); // Sunday
      expect(
        slaDeadlines('voice', 'callback', p, saturdayEvening, { timeZone: 'Europe/Rome', live: false }).resolutionDueAt.getTime() -
          saturdayEvening.getTime(),
      ).toBe(86_400_000);
    }
  });
  test('every callback value has its source', () => {
    for (const key of ['callbacks.hours', 'callbacks.targetHours', 'callbacks.attempts', 'callbacks.retryMinutes', 'callbacks.virtualHold'])
      expect(ru.sources[key]).toEqual(expect.any(String));
    expect(ru.sources['categories.callback.answerDays']).toMatch(/4 h/);
  });
});

describe('overrides of the callback rules', () => {
  test('attempts, spacing and virtual hold can be overridden; bad values are refused with their path', () => {
    expect(parseRulesOverrides('{"callbacks":{"attempts":5,"retryMinutes":15,"virtualHold":{"afterSeconds":null}}}')).toEqual({
      callbacks: { attempts: 5, retryMinutes: 15, virtualHold: { afterSeconds: null } },
    });
    expect(() => parseRulesOverrides('{"callbacks":{"attempts":0}}')).toThrow(/callbacks\.attempts/);
    expect(() => parseRulesOverrides('{"callbacks":{"virtualHold":{"after":1}}}')).toThrow(/callbacks\.virtualHold/);
  });
});

test('the id of a callback call carries its ticket and attempt, and nothing else parses', () => {
  const id = callbackMessageId('0123456789abcdef01234567', 2);
  expect(parseCallbackMessageId(id)).toEqual({ ticketId: '0123456789abcdef01234567', attempt: 2 });
  for (const bad of ['callback:xyz:1', 'callback:0123456789abcdef01234567', 'out:0123456789abcdef01234567', ''])
    expect(parseCallbackMessageId(bad)).toBeNull();
});
