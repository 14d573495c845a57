import { Fragment, useState } from 'react';
import type { Role, ToolView } from '../../../../shared/model';
import { Icon } from '../../components/icons';
import { useAction } from '../../components/use-action';
import {
  ALL_TOOLS_PATTERN,
  ruleActionFor,
  serverPattern,
  type ToolGroup,
} from '../../stores/permissions-logic';
import type { PermissionsState } from '../../stores/permissions-store';
import { BulkSelect } from './bulk-select';
import { PermissionCell } from './permission-cell';
import { ToolHeader } from './tool-header';

/** Tools (grouped by server, collapsible) × roles. */
export function PermissionsGrid({
  groups,
  roles,
  actions,
}: {
  groups: ToolGroup[];
  roles: Role[];
  actions: Pick<PermissionsState, 'cycleCell' | 'setPattern'>;
}) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const { busy, run } = useAction();
  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  const cycle = (tool: ToolView, role: string) => void run(() => actions.cycleCell(tool, role));
  return (
    <div className="card grid-scroll">
      <table className="grid" aria-label="Permissions">
        <thead>
          <tr>
            <th scope="col" className="corner">
              Tool
            </th>
            {roles.map((role) => (
              <th scope="col" key={role.name} className="role-header">
                <div className="role-name" title={role.description || undefined}>
                  {role.name}
                </div>
                <BulkSelect
                  label={`Set every tool for role ${role.name}`}
                  value={ruleActionFor(role, ALL_TOOLS_PATTERN)}
                  disabled={busy}
                  onChange={(a) =>
                    void run(() =>
                      actions.setPattern(
                        role.name,
                        ALL_TOOLS_PATTERN,
                        a,
                        `every tool → ${a} for ${role.name}`,
                      ),
                    )
                  }
                />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => {
            const open = !collapsed.has(group.serverId);
            return (
              <Fragment key={group.serverId}>
                <tr className="group-row">
                  <th scope="rowgroup">
                    <button
                      type="button"
                      className="group-toggle"
                      aria-expanded={open}
                      onClick={() => toggle(group.serverId)}
                    >
                      <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
                      <span>{group.serverId}</span>
                      <span className="muted small">
                        {group.tools.length} tool{group.tools.length === 1 ? '' : 's'}
                      </span>
                    </button>
                  </th>
                  {roles.map((role) => (
                    <td key={role.name}>
                      <BulkSelect
                        label={`Set every ${group.serverId} tool for role ${role.name}`}
                        value={ruleActionFor(role, serverPattern(group.serverId))}
                        disabled={busy}
                        onChange={(a) =>
                          void run(() =>
                            actions.setPattern(
                              role.name,
                              serverPattern(group.serverId),
                              a,
                              `${group.serverId} → ${a} for ${role.name}`,
                            ),
                          )
                        }
                      />
                    </td>
                  ))}
                </tr>
                {open &&
                  group.tools.map((tool) => (
                    <tr key={tool.name}>
                      <ToolHeader tool={tool} />
                      {roles.map((role) => (
                        <PermissionCell
                          key={role.name}
                          tool={tool.name}
                          role={role.name}
                          decision={tool.decisions[role.name]}
                          busy={busy}
                          onCycle={() => cycle(tool, role.name)}
                        />
                      ))}
                    </tr>
                  ))}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
