import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../shared/model';
import {
  ConfirmDialog,
  Dialog,
  DialogActions,
  SheetError,
  useSheetAction,
} from '../../components/dialog';
import { IconButton } from '../../components/icon-button';
import { Icon } from '../../components/icons';
import { roleNameProblem } from '../../stores/permissions-logic';
import type { PermissionsState } from '../../stores/permissions-store';

export type RoleActionsApi = Pick<PermissionsState, 'createRole' | 'renameRole' | 'deleteRole'>;

type Sheet = 'create' | 'rename' | 'delete';

/**
 * New role, and rename and delete of the selected one, each in a small sheet. Failures (a
 * name taken, keys still using the role) are shown in the sheet, in the gateway's words.
 */
export function RoleActions({
  role,
  roles,
  actions,
  onSelect,
}: {
  /** The selected role; without one only "New role" is offered. */
  role?: Role;
  roles: Role[];
  actions: RoleActionsApi;
  /** Selects a role by name (the new or renamed one). */
  onSelect?: (name: string) => void;
}) {
  const [sheet, setSheet] = useState<Sheet>();
  const close = () => setSheet(undefined);
  return (
    <>
      <div className="role-actions">
        <button type="button" className="button small" onClick={() => setSheet('create')}>
          <Icon name="plus" size={12} /> New role
        </button>
        {role && (
          <>
            <IconButton
              icon="edit"
              size={14}
              label={`Rename role ${role.name}`}
              title="Rename"
              onClick={() => setSheet('rename')}
            />
            <IconButton
              icon="trash"
              size={14}
              danger
              label={`Delete role ${role.name}`}
              title="Delete"
              onClick={() => setSheet('delete')}
            />
          </>
        )}
      </div>
      {sheet === 'create' && (
        <CreateRoleDialog
          roles={roles}
          onClose={close}
          onCreate={async (name, copyFrom) => {
            await actions.createRole(name, copyFrom);
            onSelect?.(name);
          }}
        />
      )}
      {sheet === 'rename' && role && (
        <RenameRoleDialog
          role={role}
          roles={roles}
          onClose={close}
          onRename={async (to) => {
            await actions.renameRole(role.name, to);
            onSelect?.(to);
          }}
        />
      )}
      {sheet === 'delete' && role && (
        <ConfirmDialog
          title={`Delete ${role.name}?`}
          action="Delete role"
          busyLabel="Deleting…"
          onClose={close}
          onConfirm={() => actions.deleteRole(role.name)}
        >
          <p>
            Its {role.rules.length} {role.rules.length === 1 ? 'rule is' : 'rules are'} deleted with
            it. A role that keys still use cannot be deleted: revoke those keys or rename the role
            instead.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function CreateRoleDialog({
  roles,
  onClose,
  onCreate,
}: {
  roles: Role[];
  onClose: () => void;
  onCreate: (name: string, copyFrom?: string) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [copyFrom, setCopyFrom] = useState('');
  const [touched, setTouched] = useState(false);
  const { busy, error, submit } = useSheetAction(onClose);
  const problem = roleNameProblem(name.trim(), roles);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!problem) void submit(() => onCreate(name.trim(), copyFrom || undefined));
  };
  return (
    <Dialog
      title="New role"
      open
      onClose={onClose}
      footer={
        <DialogActions
          onCancel={onClose}
          label="Create role"
          busyLabel="Creating…"
          busy={busy}
          disabled={touched && Boolean(problem)}
          form="new-role-form"
        />
      }
    >
      <form id="new-role-form" className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="new-role-name">Name</label>
          <input
            id="new-role-name"
            className="mono"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. reviewer"
            value={name}
            aria-invalid={touched && problem ? true : undefined}
            aria-describedby="new-role-name-hint"
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setTouched(name !== '')}
          />
          <span
            id="new-role-name-hint"
            className={touched && problem ? 'field-error' : 'field-hint'}
          >
            {touched && problem ? problem : 'a-z, 0-9, "_" and "-"; keys name it.'}
          </span>
        </div>
        <div className="field">
          <label htmlFor="new-role-copy">Copy rules from</label>
          <select id="new-role-copy" value={copyFrom} onChange={(e) => setCopyFrom(e.target.value)}>
            <option value="">Nothing: start with no rules</option>
            {roles.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name} ({r.rules.length} {r.rules.length === 1 ? 'rule' : 'rules'})
              </option>
            ))}
          </select>
        </div>
        <SheetError error={error} />
      </form>
    </Dialog>
  );
}

function RenameRoleDialog({
  role,
  roles,
  onClose,
  onRename,
}: {
  role: Role;
  roles: Role[];
  onClose: () => void;
  onRename: (to: string) => Promise<void>;
}) {
  const [name, setName] = useState(role.name);
  const { busy, error, submit } = useSheetAction(onClose);
  const to = name.trim();
  const problem = roleNameProblem(to, roles, role.name);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem && to !== role.name) void submit(() => onRename(to));
  };
  return (
    <Dialog
      title={`Rename ${role.name}`}
      open
      onClose={onClose}
      footer={
        <DialogActions
          onCancel={onClose}
          label="Rename"
          busyLabel="Renaming…"
          busy={busy}
          disabled={Boolean(problem) || to === role.name}
          form="rename-role-form"
        />
      }
    >
      <form id="rename-role-form" className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="rename-role-name">New name</label>
          <input
            id="rename-role-name"
            className="mono"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={name}
            aria-invalid={problem ? true : undefined}
            aria-describedby="rename-role-hint"
            onChange={(e) => setName(e.target.value)}
          />
          <span id="rename-role-hint" className={problem ? 'field-error' : 'field-hint'}>
            {problem ?? 'Keys of this role move with it.'}
          </span>
        </div>
        <SheetError error={error} />
      </form>
    </Dialog>
  );
}
