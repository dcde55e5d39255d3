// channels/twilio/caller.ts: what a Twilio `From` becomes at the edge, for every webhook.
import type { Request, Response } from 'express';
import { callerFrom, callerOf, normaliseCaller } from '../../channels/twilio/caller';

describe('callerFrom', () => {
  test.each([
    ['+393331234567', 'IT', '+393331234567', '+393331234567'],
    ['333 123 4567', 'IT', '+393331234567', '+393331234567'],
    ['0039 333 1234567', 'IT', '+393331234567', '+393331234567'],
    ['9161234567', 'RU', '+79161234567', '+79161234567'],
    ['anonymous', 'IT', null, 'anonymous'],
    ['client:agent-7', 'IT', null, 'client:agent-7'],
    ['12345', 'IT', null, '12345'],
  ])('%s (%s) → e164 %s, address %s', (from, country, e164, address) => {
    expect(callerFrom(from, country)).toEqual({ raw: from, e164, address });
  });

  test.each([[undefined], [''], [['+393331234567', '+393331234568']], [42]])('no usable From (%p) is an empty caller', (from) => {
    expect(callerFrom(from, 'IT')).toEqual({ raw: '', e164: null, address: '' });
  });
});

describe('normaliseCaller and callerOf', () => {
  const run = (body: unknown) => {
    const res = { locals: {} } as unknown as Response;
    const next = jest.fn();
    normaliseCaller({ DEFAULT_COUNTRY: 'IT' })({ body } as Request, res, next);
    expect(next).toHaveBeenCalledWith();
    return callerOf(res);
  };

  test('puts the normalised caller on the response for the handler', () => {
    expect(run({ From: '333 123 4567', Body: 'x' })).toEqual({ raw: '333 123 4567', e164: '+393331234567', address: '+393331234567' });
  });

  test('never refuses a request: a missing body or From still reaches the handler, which validates', () => {
    expect(run(undefined)).toEqual({ raw: '', e164: null, address: '' });
    expect(run({ Body: 'x' })).toEqual({ raw: '', e164: null, address: '' });
  });

  test('a handler mounted without the chain is told so', () => {
    expect(() => callerOf({ locals: {} } as unknown as Response)).toThrow(/twilioWebhook/);
  });
});
