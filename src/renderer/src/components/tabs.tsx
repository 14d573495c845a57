import { useRef, type KeyboardEvent } from 'react';

export interface Tab<T extends string> {
  id: T;
  label: string;
}

/** The id of tab `id`'s button, for the panel's aria-labelledby. */
export const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;

/**
 * A tab list as the WAI-ARIA tabs pattern has it: the selected tab is the one stop in the Tab
 * order, the arrow keys (and Home/End) select the next tab and move focus to it, and every tab
 * names the panel it controls.
 */
export function TabList<T extends string>({
  label,
  tabs,
  selected,
  onSelect,
  idPrefix,
  panelId,
  className = 'segmented',
}: {
  label: string;
  tabs: Tab<T>[];
  selected: T;
  onSelect: (id: T) => void;
  idPrefix: string;
  panelId: string;
  className?: string;
}) {
  const buttons = useRef(new Map<T, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent) => {
    const at = tabs.findIndex((tab) => tab.id === selected);
    const n = tabs.length;
    const moves: Record<string, number> = {
      ArrowRight: (at + 1) % n,
      ArrowLeft: (at - 1 + n) % n,
      Home: 0,
      End: n - 1,
    };
    const tab = Object.hasOwn(moves, event.key) ? tabs[moves[event.key]!] : undefined;
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(element) => {
            if (element) buttons.current.set(tab.id, element);
            else buttons.current.delete(tab.id);
          }}
          type="button"
          role="tab"
          id={tabId(idPrefix, tab.id)}
          aria-selected={tab.id === selected}
          aria-controls={panelId}
          tabIndex={tab.id === selected ? 0 : -1}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
