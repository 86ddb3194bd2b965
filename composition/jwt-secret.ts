import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';

/**
 * JWT_SECRET when set; otherwise one generated on first start and kept under DATA_DIR,
 * so tokens survive restarts of an embedded run (SPEC §1.1).
 */
export async function resolveJwtSecret(config: Config, logger: Logger): Promise<string> {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  const file = join(config.DATA_DIR, 'jwt-secret');
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= 32) return kept;
  } catch {
    // first start: generate below
  }
  const secret = randomBytes(48).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  logger.warn({ file }, 'JWT_SECRET is not set; generated one and kept it in the data directory');
  return secret;
}
