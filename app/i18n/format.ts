/** Presentation-only formatting: fr-FR, Europe/Paris, whatever the server's locale. */
const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const dateTime = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

export function formatCents(cents: number): string {
  return euro.format(cents / 100);
}

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

/** A calendar day 'YYYY-MM-DD' → « 14 septembre 2026 », without going through a timezone. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}
