import { Fragment, useRef, useState } from 'react';
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
import { BulkConfirm, type BulkRequest } from './bulk-confirm';
import { BulkSelect } from './bulk-select';
import { PermissionCell } from './permission-cell';
import { ToolHeader } from './tool-header';
import { useRovingGrid } from './use-roving-grid';
import { useScrollCue } from './use-scroll-cue';
import './permissions.css';

/**
 * Tools (grouped by server, collapsible) × roles, as an ARIA grid: one Tab stop, arrows move.
 * The tool column stays put while role columns scroll, with a cue while some are out of view.
 */
export function PermissionsGrid({
  groups,
  roles,
  tools,
  actions,
}: {
  groups: ToolGroup[];
  roles: Role[];
  /** Every tool (not just the filtered ones): a bulk rule covers them all. */
  tools: readonly ToolView[];
  actions: Pick<PermissionsState, 'cycleCell' | 'setPattern'>;
}) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<BulkRequest>();
  const { busy, run } = useAction();
  const table = useRef<HTMLTableElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const keys = useRovingGrid(table);
  const cue = useScrollCue(scroller, '.role-header', `${roles.length}x${groups.length}`);
  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  const cycle = (tool: ToolView, role: string) => {
    if (!busy) void run(() => actions.cycleCell(tool, role));
  };
  return (
    <div
      className="grid-frame"
      data-overflow-left={cue.left || undefined}
      data-overflow-right={cue.right || undefined}
    >
      <div ref={scroller} className="card grid-scroll">
        <table
          ref={table}
          className="grid"
          role="grid"
          aria-label="Permissions"
          onKeyDown={keys.onKeyDown}
          onFocus={keys.onFocus}
        >
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
                    disabled={false}
                    onChange={(action) =>
                      setBulk({
                        role: role.name,
                        pattern: ALL_TOOLS_PATTERN,
                        action,
                        scope: 'every tool',
                      })
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
                          disabled={false}
                          onChange={(action) =>
                            setBulk({
                              role: role.name,
                              pattern: serverPattern(group.serverId),
                              action,
                              scope: `every ${group.serverId} tool`,
                            })
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
      {cue.right && (
        // Mouse users get a nudge to scroll; keyboard users reach every column with the arrows.
        <div
          className="scroll-cue"
          aria-hidden="true"
          onClick={() => scroller.current?.scrollBy({ left: 240, behavior: 'smooth' })}
        >
          {cue.hiddenRight} more role{cue.hiddenRight === 1 ? '' : 's'}{' '}
          <Icon name="chevronRight" size={12} />
        </div>
      )}
      {bulk && (
        <BulkConfirm
          request={bulk}
          tools={tools}
          onClose={() => setBulk(undefined)}
          onConfirm={() =>
            actions.setPattern(
              bulk.role,
              bulk.pattern,
              bulk.action,
              `${bulk.pattern === ALL_TOOLS_PATTERN ? 'every tool' : bulk.pattern} → ${bulk.action} for ${bulk.role}`,
            )
          }
        />
      )}
    </div>
  );
}
