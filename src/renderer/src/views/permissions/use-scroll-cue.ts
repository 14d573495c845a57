import { useEffect, useState, type RefObject } from 'react';

/** Which sides of a scroll box hide content, for a cue that says more columns are there. */
export interface Overflow {
  left: boolean;
  right: boolean;
  /** Columns (role headers) wholly or partly out of view on the right. */
  hiddenRight: number;
}

const NONE: Overflow = { left: false, right: false, hiddenRight: 0 };

/**
 * Watches a horizontally scrolling box (scroll and resize) and reports what it hides. `columns`
 * selects the headers counted as hidden when they end past the box's right edge; a new `layout`
 * (say, the grid's column and row counts) measures again, since resizing the content alone does
 * not resize the box.
 */
export function useScrollCue(ref: RefObject<HTMLElement | null>, columns: string, layout: string) {
  const [overflow, setOverflow] = useState<Overflow>(NONE);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => {
      const right = box.getBoundingClientRect().right;
      const hiddenRight = [...box.querySelectorAll(columns)].filter(
        (el) => el.getBoundingClientRect().right > right + 1,
      ).length;
      const next = {
        left: box.scrollLeft > 1,
        right: box.scrollLeft + box.clientWidth < box.scrollWidth - 1,
        hiddenRight,
      };
      setOverflow((o) =>
        o.left === next.left && o.right === next.right && o.hiddenRight === next.hiddenRight
          ? o
          : next,
      );
    };
    measure();
    box.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => {
      box.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [ref, columns, layout]);
  return overflow;
}
