import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe } from 'vitest';
import { MailboxMailer } from '../../adapters/mail/mailbox-mailer';
import { SmtpMailer } from '../../adapters/mail/smtp-mailer';
import { InMemoryMailer } from '../../adapters/memory/in-memory-mailer';
import { mailerContract } from './mailer.contract';

describe('Mailer [memory]', () => {
  mailerContract(() => {
    const mailer = new InMemoryMailer();
    return { mailer, delivered: async () => mailer.sent.map((m) => `${m.to}\n${m.subject}\n${m.text}`) };
  });
});

const dir = await mkdtemp(join(tmpdir(), 'cg-mail-'));
describe('Mailer [mailbox .eml files]', () => {
  mailerContract(() => {
    const box = join(dir, String(Math.random()).slice(2));
    return {
      mailer: new MailboxMailer(box, 'Shop <shop@example.com>'),
      delivered: async () => {
        const files = (await readdir(box)).filter((f) => f.endsWith('.eml')).sort();
        return Promise.all(files.map((f) => readFile(join(box, f), 'utf8')));
      },
    };
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
      mailer: new SmtpMailer(`smtp://127.0.0.1:${port}?ignoreTLS=true`, 'Shop <shop@example.com>'),
      delivered: async () => [...received],
    };
  });
});
