// How a child process ends after a signal, for the shutdown tests: its exit code, and whether it
// exited by itself. A process that outlives `giveUpMs` is killed, so a wedged process fails the
// test with a reason instead of running into its timeout.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Ending {
  /** The exit code; null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when the process did not exit by itself within `giveUpMs` and was SIGKILLed. */
  readonly killed: boolean;
}

export function signalAndAwaitExit(child: ChildProcess, signal: NodeJS.Signals, giveUpMs: number): Promise<Ending> {
  if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the process had already exited (${child.exitCode ?? child.signalCode})`);
  return new Promise((resolve) => {
    let killed = false;
    const giveUp = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, giveUpMs);
    child.once('exit', (code, exitSignal) => {
      clearTimeout(giveUp);
      resolve({ code, signal: exitSignal, killed });
    });
    child.kill(signal);
  });
}

/**
 * Closes the parent's read ends of the child's stdout and stderr, as a log reader that went
 * away. Resolves once both are closed, so the child's next write meets a broken pipe (EPIPE).
 */
export async function closeOutputPipes(child: ChildProcess): Promise<void> {
  await Promise.all([child.stdout, child.stderr].map((pipe) => {
    if (!pipe || pipe.closed) return undefined;
    const closed = new Promise((resolve) => pipe.once('close', resolve));
    pipe.destroy();
    return closed;
  }));
}

export async function waitForOutput(output: () => string, text: string, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs a TypeScript file as a process and resolves once `readyLine` is in its output. */
export async function startScript(file: string, env: Record<string, string>, readyLine: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  try {
    await waitForOutput(() => output, readyLine, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, output: () => output };
}
