import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startApiProcess, startWorkerProcess } from '../support/api-process';

describe('npm start process', () => {
  it('finishes an in-flight request after SIGTERM, refuses new ones, then exits 0', async () => {
    const api = await startApiProcess();
    const body = JSON.stringify({ companySlug: 'nobody-here', email: 'x@example.com', password: 'wrong-password' });

    // Send the headers and half the body, so the request is in flight when SIGTERM lands.
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: api.port, method: 'POST', path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += String(c)));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        api.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 400);
      }, 200);
    });

    const { status, text } = await answered;
    expect(status).toBe(401);
    expect(JSON.parse(text).error.code).toBe('invalid_credentials');
    await expect(fetch(`http://127.0.0.1:${api.port}/health`)).rejects.toThrow();
    expect(await api.exited).toBe(0);
    expect(api.output()).toContain('shutting down');
  });

  it('refuses to start on a bad configuration value and names the variable', async () => {
    await expect(startApiProcess({ PORT: 'not-a-port' })).rejects.toThrow(/Invalid configuration:\s+PORT: /);
  });

  it('refuses to start a worker without a broker and a shared database, naming both', async () => {
    await expect(startWorkerProcess({})).rejects.toThrow(/AMQP_URL: required by the worker[\s\S]*DATABASE_URL: required by the worker/);
  });
});
