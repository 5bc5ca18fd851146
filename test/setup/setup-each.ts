import { afterEach, beforeEach, vi } from 'vitest';

// Each live y-websocket provider listens for the process's 'exit': the storm tests hold 50.
process.setMaxListeners(100);

// Console-error guard (epic-stack habit): any console.error fails the test
// unless the test opts in with `vi.spyOn(console, 'error').mockImplementation(() => {})`.
let consoleError: ReturnType<typeof vi.spyOn> | undefined;

beforeEach(() => {
  const original = console.error;
  consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    original(...args);
    throw new Error(`console.error appelé pendant le test : ${args.map(String).join(' ')}`);
  });
});

afterEach(() => {
  consoleError?.mockRestore();
});
