import type { ToolView } from '../../../../shared/model';
import { revealInvisible } from '../../components/invisible-text';
import { Tag } from '../../components/status';
import { VisibleText } from '../../components/visible-text';

/** A tool's row header: its name, a one-line description, and its annotation badges. */
export function ToolHeader({ tool }: { tool: ToolView }) {
  const { readOnly, destructive, openWorld } = tool.annotations;
  return (
    <th scope="row" className="tool-header">
      <div className="tool-name">
        <span className="mono">
          <VisibleText text={tool.originalName} />
        </span>
        {readOnly && (
          <Tag tone="good" title="Declares it does not modify anything">
            read-only
          </Tag>
        )}
        {destructive && (
          <Tag tone="warn" title="Declares it may delete or overwrite">
            destructive
          </Tag>
        )}
        {openWorld && (
          <Tag tone="info" title="Reaches outside this machine">
            open-world
          </Tag>
        )}
      </div>
      {(tool.title || tool.description) && (
        <div
          className="tool-description"
          title={tool.description && revealInvisible(tool.description)}
        >
          <VisibleText text={tool.title ?? tool.description ?? ''} />
        </div>
      )}
    </th>
  );
}
