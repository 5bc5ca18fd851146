import { Link } from '@remix-run/react';
import {
  type ClipboardEvent,
  type KeyboardEvent,
  memo,
  useCallback,
  useMemo,
  useState,
} from 'react';
import type { CsvImportError } from '#app/domain/catalogue/csv-errors.ts';
import { parsePastedBlock, pasteIntoGrid } from '#app/domain/catalogue/grid.ts';

export type GridRowData = { productId: string | null; cells: string[] };
type Row = GridRowData & { key: string };

/** Wider inputs for the free-text columns (characters). */
const COLUMN_SIZES: Record<string, number> = { Nom: 24, Description: 28, Rayon: 12 };

let rowSequence = 0;
const withKey = (row: GridRowData): Row => ({ ...row, key: `r${rowSequence++}` });

/**
 * The catalogue as a spreadsheet: arrows and Enter move between cells, a block copied from
 * LibreOffice Calc or Excel (tab-separated, decimal comma) pastes from the focused cell, adding
 * rows below as needed. Inputs are named `c<row>_<column>` (+ `id<row>`), so the form also
 * posts without JavaScript.
 */
export function CatalogueGrid(props: {
  headers: readonly string[];
  initialRows: readonly GridRowData[];
  errors: readonly CsvImportError[];
  editHref: (productId: string) => string;
}) {
  const { headers, errors, editHref } = props;
  const [rows, setRows] = useState<Row[]>(() => props.initialRows.map(withKey));
  const emptyCells = useMemo(() => headers.map(() => ''), [headers]);
  const makeRow = useCallback(
    () => withKey({ productId: null, cells: [...emptyCells] }),
    [emptyCells],
  );

  const onCellChange = useCallback((rowIndex: number, column: number, value: string) => {
    setRows((current) =>
      current.map((row, index) =>
        index === rowIndex
          ? { ...row, cells: row.cells.map((cell, c) => (c === column ? value : cell)) }
          : row,
      ),
    );
  }, []);

  const onPaste = useCallback(
    (event: ClipboardEvent<HTMLInputElement>, rowIndex: number, column: number) => {
      const text = event.clipboardData.getData('text/plain');
      if (!/[\t\n]/.test(text.replace(/\r?\n$/, ''))) {
        return; // one cell: the browser pastes it into the input
      }
      event.preventDefault();
      const block = parsePastedBlock(text);
      setRows((current) =>
        pasteIntoGrid({ rows: current, target: { row: rowIndex, column }, block, makeRow }),
      );
    },
    [makeRow],
  );

  const errorsByRow = useMemo(() => {
    const byRow = new Map<number, Set<string | null>>();
    for (const error of errors) {
      byRow.set(error.line, (byRow.get(error.line) ?? new Set()).add(error.column));
    }
    return byRow;
  }, [errors]);

  return (
    <div className="grid-wrapper">
      <input type="hidden" name="rowCount" value={rows.length} />
      <table className="catalogue-grid" onKeyDown={moveFocus}>
        <thead>
          <tr>
            <th scope="col">N°</th>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <GridRow
              key={row.key}
              row={row}
              rowIndex={index}
              headers={headers}
              invalidColumns={errorsByRow.get(index + 1)}
              editHref={row.productId ? editHref(row.productId) : null}
              onCellChange={onCellChange}
              onPaste={onPaste}
            />
          ))}
        </tbody>
      </table>
      <button type="button" className="secondary" onClick={() => setRows([...rows, makeRow()])}>
        Ajouter une ligne
      </button>
    </div>
  );
}

const GridRow = memo(function GridRow(props: {
  row: Row;
  rowIndex: number;
  headers: readonly string[];
  invalidColumns: Set<string | null> | undefined;
  editHref: string | null;
  onCellChange: (row: number, column: number, value: string) => void;
  onPaste: (event: ClipboardEvent<HTMLInputElement>, row: number, column: number) => void;
}) {
  const { row, rowIndex, headers, invalidColumns, editHref, onCellChange, onPaste } = props;
  const line = rowIndex + 1;
  return (
    <tr className={invalidColumns ? 'has-error' : undefined}>
      <th scope="row">
        {editHref ? (
          <Link to={editHref} title={`Modifier le produit de la ligne ${line}`}>
            {line}
          </Link>
        ) : (
          line
        )}
        {row.productId ? (
          <input type="hidden" name={`id${rowIndex}`} value={row.productId} />
        ) : null}
      </th>
      {headers.map((header, column) => (
        <td key={header}>
          <input
            name={`c${rowIndex}_${column}`}
            value={row.cells[column] ?? ''}
            size={COLUMN_SIZES[header] ?? 8}
            aria-label={`Ligne ${line}, ${header}`}
            aria-invalid={invalidColumns?.has(header) ? true : undefined}
            data-row={rowIndex}
            data-column={column}
            autoComplete="off"
            onChange={(event) => onCellChange(rowIndex, column, event.target.value)}
            onPaste={(event) => onPaste(event, rowIndex, column)}
          />
        </td>
      ))}
    </tr>
  );
});

/** Spreadsheet keys: ↑ ↓ and Enter change row; ← → leave the cell at the text's edges. */
function moveFocus(event: KeyboardEvent<HTMLTableElement>) {
  const input = event.target as HTMLInputElement;
  if (input.dataset.row === undefined) {
    return;
  }
  let row = Number(input.dataset.row);
  let column = Number(input.dataset.column);
  const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
  const atEnd = input.selectionStart === input.value.length;
  switch (event.key) {
    case 'ArrowDown':
    case 'Enter':
      row += event.shiftKey && event.key === 'Enter' ? -1 : 1;
      break;
    case 'ArrowUp':
      row -= 1;
      break;
    case 'ArrowLeft':
      if (!atStart) {
        return;
      }
      column -= 1;
      break;
    case 'ArrowRight':
      if (!atEnd) {
        return;
      }
      column += 1;
      break;
    default:
      return;
  }
  event.preventDefault(); // Enter must not submit the form
  const next = event.currentTarget.querySelector<HTMLInputElement>(
    `input[data-row="${row}"][data-column="${column}"]`,
  );
  if (next) {
    next.focus();
    next.select();
  }
}
