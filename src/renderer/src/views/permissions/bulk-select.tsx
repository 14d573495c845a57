import type { Action } from '../../../../shared/model';

/** A compact "set all" picker for a server group or a whole role column. */
export function BulkSelect({
  label,
  value,
  disabled,
  onChange,
}: {
  label: string;
  value: Action | undefined;
  disabled: boolean;
  onChange: (action: Action) => void;
}) {
  return (
    <select
      className={`bulk-select${value ? ` bulk-${value}` : ''}`}
      aria-label={label}
      title={label}
      value={value ?? ''}
      disabled={disabled}
      onChange={(e) => {
        if (e.target.value) onChange(e.target.value as Action);
      }}
    >
      <option value="">{value ? '' : 'Set all…'}</option>
      <option value="allow">✓ Allow all</option>
      <option value="ask">? Ask for all</option>
      <option value="deny">✕ Deny all</option>
    </select>
  );
}
