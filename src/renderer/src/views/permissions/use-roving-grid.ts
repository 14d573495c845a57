import { useCallback, useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

/** The one control per grid cell that takes focus (a cell button, a bulk picker, a toggle). */
const CONTROL = 'button, select';

/** Row and column of the control that holds the grid's single Tab stop. */
interface Position {
  row: number;
  col: number;
}

function rowsOf(table: HTMLTableElement): HTMLTableRowElement[] {
  return [...table.rows];
}

/** The focusable control in a cell, if the cell has one. */
function controlAt(table: HTMLTableElement, { row, col }: Position): HTMLElement | null {
  const cell = rowsOf(table)[row]?.cells[col];
  return cell?.querySelector<HTMLElement>(CONTROL) ?? null;
}

function positionOf(table: HTMLTableElement, el: Element): Position | null {
  const cell = el.closest('td, th');
  const row = cell?.parentElement;
  if (!(cell instanceof HTMLTableCellElement) || !(row instanceof HTMLTableRowElement)) {
    return null;
  }
  return { row: row.rowIndex, col: cell.cellIndex };
}

/**
 * The ARIA grid keyboard model over a table of controls: the grid is one Tab stop (roving
 * tabindex), arrows move between cells, Home/End go to the row's ends and Ctrl+Home/End to the
 * grid's corners. Cells without a control are skipped in the direction of travel, so the
 * collapsed group rows and empty cells never trap the focus.
 */
export function useRovingGrid(ref: RefObject<HTMLTableElement | null>) {
  const active = useRef<Position>({ row: -1, col: -1 });

  // Runs after every render: rows come and go with filters and collapsed groups.
  useLayoutEffect(() => {
    const table = ref.current;
    if (!table) return;
    const controls = [...table.querySelectorAll<HTMLElement>(CONTROL)];
    let current = controlAt(table, active.current);
    if (!current) {
      current = controls.find((c) => c.closest('tbody')) ?? null;
      if (current) active.current = positionOf(table, current) ?? active.current;
    }
    for (const c of controls) c.tabIndex = c === current ? 0 : -1;
  });

  const move = useCallback(
    (to: HTMLElement) => {
      const table = ref.current;
      if (!table) return;
      for (const c of table.querySelectorAll<HTMLElement>(CONTROL)) c.tabIndex = -1;
      to.tabIndex = 0;
      to.focus();
      active.current = positionOf(table, to) ?? active.current;
    },
    [ref],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLTableElement>) => {
      const table = ref.current;
      const from = table && positionOf(table, event.target as Element);
      if (!table || !from) return;
      const rows = rowsOf(table);
      const width = Math.max(...rows.map((r) => r.cells.length));
      const find = (start: Position, step: Position): HTMLElement | null => {
        let p = { row: start.row + step.row, col: start.col + step.col };
        while (p.row >= 0 && p.row < rows.length && p.col >= 0 && p.col < width) {
          const c = controlAt(table, p);
          if (c) return c;
          p = { row: p.row + step.row, col: p.col + step.col };
        }
        return null;
      };
      const last = rows.length - 1;
      const targets: Record<string, () => HTMLElement | null> = {
        ArrowRight: () => find(from, { row: 0, col: 1 }),
        ArrowLeft: () => find(from, { row: 0, col: -1 }),
        ArrowDown: () => find(from, { row: 1, col: 0 }),
        ArrowUp: () => find(from, { row: -1, col: 0 }),
        Home: () =>
          event.ctrlKey
            ? find({ row: -1, col: 0 }, { row: 1, col: 0 })
            : find({ row: from.row, col: -1 }, { row: 0, col: 1 }),
        End: () =>
          event.ctrlKey
            ? find({ row: last + 1, col: width - 1 }, { row: -1, col: 0 })
            : find({ row: from.row, col: width }, { row: 0, col: -1 }),
      };
      const target = targets[event.key];
      if (!target) return;
      // Arrows on a closed picker would change its value; in the grid they move instead
      // (Space or Alt+Down opens the picker).
      event.preventDefault();
      const to = target();
      if (to) move(to);
    },
    [ref, move],
  );

  const onFocus = useCallback(
    (event: { target: EventTarget }) => {
      const table = ref.current;
      const p = table && positionOf(table, event.target as Element);
      if (!table || !p || !(event.target instanceof HTMLElement)) return;
      // A click moves the Tab stop too, so Tab out and back returns to the clicked cell.
      active.current = p;
      for (const c of table.querySelectorAll<HTMLElement>(CONTROL)) c.tabIndex = -1;
      event.target.tabIndex = 0;
    },
    [ref],
  );

  return { onKeyDown, onFocus };
}
