/**
 * A delivery status notification (RFC 3464) as a mail server sends it back: `recipient`
 * bounced permanently (5.1.1) the mail whose Message-ID is `messageId` (without <>).
 */
export function bounceReport(opts: { recipient: string; messageId: string; note?: string }): string {
  return [
    'From: MAILER-DAEMON@mx.example.org',
    'To: service@utility.example',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="R"',
    '',
    '--R',
    'Content-Type: text/plain',
    '',
    opts.note ?? 'Delivery failed.',
    '--R',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    `Final-Recipient: rfc822; ${opts.recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    '--R',
    'Content-Type: text/rfc822-headers',
    '',
    'From: service@utility.example',
    `Message-ID: <${opts.messageId}>`,
    'Subject: Re: x',
    '--R--',
    '',
  ].join('\r\n');
}
