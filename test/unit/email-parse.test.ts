import { MalformedMail, messageIdList, parseMail } from '../../channels/email/parse';
import { bounceReport } from '../factories/email';

const mail = (headers: string, body = 'Buongiorno, la bolletta è sbagliata.') =>
  `${headers
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .join('\r\n')}\r\n\r\n${body}`;

describe('parseMail', () => {
  test('picks the threading headers, sender and text', async () => {
    const m = await parseMail(
      mail(`From: "Mario Rossi" <Mario.Rossi@Example.IT>
        To: service@utility.example
        Subject: Re: Reclamo [T-000123]
        Message-ID: <abc@example.it>
        In-Reply-To: <ours-1@utility.example>
        References: <root@example.it> <ours-1@utility.example>
        Date: Mon, 23 Nov 2026 10:00:00 +0100
        Content-Type: text/plain; charset=utf-8`),
    );
    expect(m).toMatchObject({
      messageId: 'abc@example.it',
      inReplyTo: ['ours-1@utility.example'],
      references: ['root@example.it', 'ours-1@utility.example'],
      fromAddress: 'mario.rossi@example.it',
      fromName: 'Mario Rossi',
      subject: 'Re: Reclamo [T-000123]',
      text: 'Buongiorno, la bolletta è sbagliata.',
      date: '2026-11-23T09:00:00.000Z',
      dsn: null,
    });
  });

  test('HTML-only mail becomes text; encoded words are decoded', async () => {
    const m = await parseMail(
      mail(
        `From: a@b.it
        Subject: =?UTF-8?B?0J/QvtC60LDQt9Cw0L3QuNGP?=
        Content-Type: text/html; charset=utf-8`,
        '<p>Добрый день,<br>показания 1234</p><script>x()</script>',
      ),
    );
    expect(m.subject).toBe('Показания');
    expect(m.text).toBe('Добрый день,\nпоказания 1234');
    expect(m.messageId).toBeNull();
    expect(m.date).toBeNull();
  });

  test('attachments come out with their type and bytes', async () => {
    const raw = mail(
      `From: a@b.it
      Subject: foto contatore
      MIME-Version: 1.0
      Content-Type: multipart/mixed; boundary="XX"`,
      [
        '--XX',
        'Content-Type: text/plain',
        '',
        'ecco la foto',
        '--XX',
        'Content-Type: image/png; name="c.png"',
        'Content-Disposition: attachment; filename="c.png"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('PNGDATA').toString('base64'),
        '--XX--',
        '',
      ].join('\r\n'),
    );
    const m = await parseMail(raw);
    expect(m.text).toBe('ecco la foto');
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ filename: 'c.png', contentType: 'image/png' });
    expect(Buffer.from(m.attachments[0]!.content).toString()).toBe('PNGDATA');
  });

  test('a DSN names the Message-ID of the mail it reports on', async () => {
    const raw = bounceReport({
      recipient: 'gone@example.org',
      messageId: 'ours-9@utility.example',
      note: 'I could not deliver your message.',
    });
    const m = await parseMail(raw);
    expect(m.dsn).toEqual({ originalMessageIds: ['ours-9@utility.example'], status: '5.1.1' });
    expect(m.attachments).toEqual([]);
  });

  test.each([
    ['empty input', ''],
    ['no header block', '\r\n\r\njust a body'],
  ])('malformed: %s', async (_n, raw) => {
    await expect(parseMail(raw)).rejects.toBeInstanceOf(MalformedMail);
  });

  test.each([
    ['<a@b> <c@d>', ['a@b', 'c@d']],
    ['  <a@b>\r\n\t<c@d>', ['a@b', 'c@d']],
    ['a@b', ['a@b']],
    ['<no-at-sign>', []],
    [undefined, []],
  ])('messageIdList(%p)', (v, expected) => {
    expect(messageIdList(v)).toEqual(expected);
  });
});
