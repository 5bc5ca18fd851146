import type { z } from 'zod';

/**
 * French messages for zod issues, shared by every domain schema and the CLI
 * (`Champ « producerTurnoverEur » : nombre attendu.`). Messages written on a schema with
 * `{ error: '…' }` take precedence over this map (zod v4 precedence), so they are kept.
 */

export type ParseResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      code: 'invalid_json' | 'invalid_input';
      /** All issues, one French line each. */
      message: string;
      /** Same issues one by one; `field` is '' for the whole input. */
      issues: FieldIssue[];
    };

export type FieldIssue = { field: string; message: string };

const TYPE_NAMES: Record<string, string> = {
  number: 'nombre attendu',
  int: 'nombre entier attendu',
  string: 'texte attendu',
  boolean: 'booléen attendu (true ou false)',
  object: 'objet attendu',
  array: 'liste attendue',
};

type RawIssue = z.core.$ZodRawIssue;

function frenchMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? `${issue.expected} attendu`;
      return issue.input === undefined ? `valeur obligatoire manquante (${expected})` : expected;
    }
    case 'invalid_value': {
      const values = issue.values.map((value) => JSON.stringify(value)).join(', ');
      return issue.input === undefined
        ? `valeur obligatoire manquante, attendue parmi ${values}`
        : `valeur attendue parmi ${values}`;
    }
    case 'too_small':
      return tooSmallMessage(issue.origin, Number(issue.minimum), issue.inclusive ?? true);
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'string') {
        return `au plus ${String(issue.maximum)} ${issue.origin === 'array' ? 'élément(s)' : 'caractère(s)'}`;
      }
      return `valeur ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)} attendue`;
    case 'unrecognized_keys':
      return 'champ inconnu';
    case 'invalid_union':
      return 'valeur de forme inattendue';
    case 'invalid_format':
      return 'format invalide';
    default:
      return 'valeur invalide';
  }
}

function tooSmallMessage(origin: string, minimum: number, inclusive: boolean): string {
  if (origin === 'array') {
    return minimum === 1 ? 'liste non vide attendue' : `au moins ${minimum} élément(s) attendu(s)`;
  }
  if (origin === 'string') {
    return minimum === 1 ? 'texte non vide attendu' : `au moins ${minimum} caractère(s) attendu(s)`;
  }
  return `valeur ${inclusive ? '≥' : '>'} ${minimum} attendue`;
}

/** `formula.terms[1].weight` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') {
      return `${text}[${key}]`;
    }
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function describeIssue(issue: z.core.$ZodIssue): FieldIssue[] {
  const base = formatPath(issue.path);
  // Unknown keys are reported on their parent: name each key so the user finds the typo.
  const fields =
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => (base === '' ? key : `${base}.${key}`))
      : [base];
  return fields.map((field) => ({ field, message: issue.message }));
}

function issueLine(issue: FieldIssue): string {
  return issue.field === ''
    ? `Entrée : ${issue.message}.`
    : `Champ « ${issue.field} » : ${issue.message}.`;
}

export function parseInput<S extends z.ZodType>(
  schema: S,
  data: unknown,
): ParseResult<z.output<S>> {
  const result = schema.safeParse(data, { error: frenchMessage });
  if (result.success) {
    return { ok: true, value: result.data };
  }
  const issues = result.error.issues.flatMap(describeIssue);
  return {
    ok: false,
    code: 'invalid_input',
    message: issues.map(issueLine).join('\n'),
    issues,
  };
}

/** JSON text (CLI stdin, API body) → validated value, with a French message on failure. */
export function parseJsonInput<S extends z.ZodType>(
  schema: S,
  text: string,
): ParseResult<z.output<S>> {
  if (text.trim() === '') {
    return invalidJson('aucune donnée reçue, un document JSON est attendu sur l’entrée standard');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // The engine's message is English: keep only the position it reports.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    const where = position === undefined ? '' : ` (erreur au caractère ${Number(position) + 1})`;
    return invalidJson(`JSON invalide${where}, un document JSON est attendu sur l’entrée standard`);
  }
  return parseInput(schema, data);
}

function invalidJson(message: string): ParseResult<never> {
  const issue = { field: '', message };
  return { ok: false, code: 'invalid_json', message: issueLine(issue), issues: [issue] };
}
