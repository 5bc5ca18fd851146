/**
 * Delivered vs committed volume as a small SVG (rendered on the server like the rest of the
 * page): one bar per delivery month, cumulated, against the yearly committed total.
 */
export type VolumeChartProps = {
  months: { month: string; cumulative: number }[];
  committed: number | null;
  /** Unit of the delivered quantities (sale unit). */
  unit: string;
  /** Unit of the committed quantity, as the contract writes it. */
  committedUnit: string;
};

const WIDTH = 480;
const HEIGHT = 160;
const PAD = 28;

export function VolumeChart({ months, committed, unit, committedUnit }: VolumeChartProps) {
  const max = Math.max(committed ?? 0, ...months.map((m) => m.cumulative), 1);
  const barWidth = months.length > 0 ? Math.min(40, (WIDTH - 2 * PAD) / months.length - 6) : 0;
  const y = (value: number) => HEIGHT - PAD - (value / max) * (HEIGHT - 2 * PAD);
  const last = months.at(-1)?.cumulative ?? 0;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`Volume livré cumulé : ${last} ${unit}${committed !== null ? ` sur ${committed} ${committedUnit} engagés` : ''}`}
      >
        <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} stroke="#888" />
        {months.map((m, index) => {
          const x = PAD + 4 + index * (barWidth + 6);
          return (
            <g key={m.month}>
              <rect
                x={x}
                y={y(m.cumulative)}
                width={barWidth}
                height={HEIGHT - PAD - y(m.cumulative)}
                fill="#3a7d44"
              />
              <text x={x + barWidth / 2} y={HEIGHT - PAD + 14} fontSize="10" textAnchor="middle">
                {m.month.slice(5)}/{m.month.slice(2, 4)}
              </text>
            </g>
          );
        })}
        {committed !== null ? (
          <>
            <line
              x1={PAD}
              x2={WIDTH - PAD}
              y1={y(committed)}
              y2={y(committed)}
              stroke="#b5482e"
              strokeDasharray="4 3"
            />
            <text x={WIDTH - PAD} y={y(committed) - 4} fontSize="10" textAnchor="end">
              engagé : {committed} {committedUnit}
            </text>
          </>
        ) : null}
      </svg>
      <figcaption className="muted">
        Livré (cumul par mois de livraison) : {last} {unit}
        {committed !== null ? ` — engagé : ${committed} ${committedUnit}` : ''}
      </figcaption>
    </figure>
  );
}
