import { Icon } from './icons';

/** The search box at the head of a filter row: a search icon and a labelled text field. */
export function SearchBox({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="search">
      <Icon name="search" size={14} />
      <input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** A filter on one field: "All …" (the empty value) or one of the values seen. */
export function AnyOfSelect({
  label,
  all,
  value,
  options,
  onChange,
}: {
  label: string;
  /** What the empty choice reads, e.g. "All servers". */
  all: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}
