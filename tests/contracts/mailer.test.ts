import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxMailer } from '../../adapters/mail/mailbox-mailer';
import { SmtpMailer } from '../../adapters/mail/smtp-mailer';
import { InMemoryMailer } from '../../adapters/memory/in-memory-mailer';
import { mailerContract } from './mailer.contract';

const FROM = 'Shop <shop@example.com>';

describe('Mailer [memory]', () => {
  mailerContract(() => {
    const mailer = new InMemoryMailer();
    return { mailer, delivered: async () => mailer.sent.map((m) => `${m.to}\n${m.subject}\n${m.text}`) };
  });

  it('finds messages by recipient, case-insensitively', async () => {
    const mailer = new InMemoryMailer();
    await mailer.send({ to: 'ana@example.com', subject: 'one', text: '1' });
    await mailer.send({ to: 'bo@example.com', subject: 'two', text: '2' });
    await mailer.send({ to: 'ana@example.com', subject: 'three', text: '3' });
    expect(mailer.sentTo('ANA@example.com').map((m) => m.subject)).toEqual(['one', 'three']);
    expect(mailer.lastTo('ana@example.com')?.subject).toBe('three');
    expect(mailer.lastTo('nobody@example.com')).toBeUndefined();
  });
});

const dir = await mkdtemp(join(tmpdir(), 'cg-mail-'));
const readBox = async (box: string) => {
  const files = (await readdir(box)).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map((f) => readFile(join(box, f), 'utf8')));
};
const newBox = () => join(dir, String(Math.random()).slice(2), 'nested');

describe('Mailer [mailbox .eml files]', () => {
  mailerContract(() => {
    const box = newBox();
    return { mailer: new MailboxMailer(box, FROM), delivered: () => readBox(box) };
  });

  it('writes one RFC 822 message per file, with CRLF lines and the usual headers', async () => {
    const box = newBox();
    await new MailboxMailer(box, FROM).send({ to: 'ana@example.com', subject: 'Welcome', text: 'Hello Ana' });
    const [raw] = await readBox(box);
    const [head = '', body = ''] = (raw ?? '').split('\r\n\r\n');
    expect(head.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    for (const header of [/^From: Shop <shop@example\.com>$/m, /^To: ana@example\.com$/m, /^Subject: Welcome$/m, /^Date: /m, /^Message-ID: <.+>$/m, /^MIME-Version: 1\.0$/m]) {
      expect(head).toMatch(header);
    }
    expect(body).toContain('Hello Ana');
  });
});

describe('Mailer [SMTP against a real SMTP server]', () => {
  const received: string[] = [];
  let server: SMTPServer;
  let port = 0;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@refused.example')) callback(new Error('550 no such mailbox'));
        else callback();
      },
      onData(stream, _session, done) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push(raw);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  mailerContract(() => {
    received.length = 0;
    return {
      mailer: new SmtpMailer(`smtp://127.0.0.1:${port}?ignoreTLS=true`, FROM),
      delivered: async () => [...received],
    };
  });

  it('sends from the configured sender', async () => {
    received.length = 0;
    await new SmtpMailer(`smtp://127.0.0.1:${port}?ignoreTLS=true`, FROM).send({ to: 'ana@example.com', subject: 'Hi', text: 'x' });
    expect(received[0]).toMatch(/^From: Shop <shop@example\.com>\r?$/m);
  });

  it('throws when the server refuses the message', async () => {
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${port}?ignoreTLS=true`, FROM);
    await expect(mailer.send({ to: 'ghost@refused.example', subject: 'Hi', text: 'x' })).rejects.toThrow();
  });

  it('throws when no server answers', async () => {
    const mailer = new SmtpMailer('smtp://127.0.0.1:1?ignoreTLS=true&connectionTimeout=2000', FROM);
    await expect(mailer.send({ to: 'ana@example.com', subject: 'Hi', text: 'x' })).rejects.toThrow();
  });
});
