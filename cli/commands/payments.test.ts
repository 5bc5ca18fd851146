import { describe, expect, it } from 'vitest';
import type { CliIO } from '../types.ts';
import { paymentsOutboxCommand, paymentsSettleCommand } from './payments.ts';

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = {
    readStdin: async () => '',
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
  };
  return { value, out, err };
}

describe('npx cabas payments', () => {
  it.each([
    [
      'settle sans --round',
      paymentsSettleCommand,
      [],
      'Option « --round » : identifiant de tournée attendu.',
    ],
    [
      'settle --round mal formé',
      paymentsSettleCommand,
      ['--round', 'abc'],
      '« abc » n’est pas un identifiant de tournée',
    ],
    [
      'outbox avec un argument',
      paymentsOutboxCommand,
      ['--vite'],
      'Argument inattendu : « --vite ».',
    ],
  ] as const)(
    '%s : code 2, message français, rien sur la sortie',
    async (_label, command, args, message) => {
      const { value, out, err } = io();
      expect(await command.run([...args], value)).toBe(2);
      expect(err.join('')).toContain(message);
      expect(out).toEqual([]);
    },
  );

  it('outbox sans clés Stripe : code 1, le dit', async () => {
    const { value, out, err } = io({ STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' });
    expect(await paymentsOutboxCommand.run([], value)).toBe(1);
    expect(err.join('')).toContain('Paiement en ligne désactivé');
    expect(out).toEqual([]);
  });
});
