import { useState } from 'react';
import type { ServerSample, ServerView } from '../../../../shared/model';
import { formatBytes, formatPercent, formatRate } from '../../components/format';
import { IconButton } from '../../components/icon-button';
import { Icon } from '../../components/icons';
import { StatePill, Tag } from '../../components/status';
import { useAction } from '../../components/use-action';
import './server-row.css';
import { SignInStrip } from './sign-in-strip';

/** What a row needs to act; the view passes store actions in. */
export interface ServerRowActions {
  setEnabled(id: string, enabled: boolean): Promise<void>;
  setKeepWarm(id: string, keepWarm: boolean): Promise<void>;
  restart(id: string): Promise<void>;
  edit(server: ServerView): void;
  remove(server: ServerView): void;
  startSignIn(id: string): Promise<string>;
  signOut(id: string): Promise<void>;
}

/** One server: state, transport, tools, live figures, switch, and an expandable log. */
export function ServerRow({
  server,
  sample,
  actions,
}: {
  server: ServerView;
  sample?: ServerSample;
  actions: ServerRowActions;
}) {
  const { status, config } = server;
  const [open, setOpen] = useState(false);
  const { busy, run } = useAction();
  const errorRate =
    sample && sample.callsPerSec > 0 ? sample.errorsPerSec / sample.callsPerSec : undefined;
  const hasLog = status.stderrTail.length > 0 || Boolean(status.lastError);
  const detailsId = `server-details-${status.id}`;
  return (
    <li className="server-row" aria-label={status.name || status.id}>
      <div className="server-main">
        <button
          type="button"
          className="disclosure"
          aria-expanded={open}
          aria-controls={detailsId}
          aria-label={`Details of ${status.name}`}
          onClick={() => setOpen(!open)}
        >
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
        </button>
        <div className="server-title">
          <div className="server-name">
            <a
              className="server-link"
              href={`#/servers/${encodeURIComponent(status.id)}`}
              title="Tools, resources, prompts and log"
            >
              <strong>{status.name}</strong>
            </a>
            {status.name !== status.id && <span className="muted mono small">{status.id}</span>}
          </div>
          <div className="server-meta">
            <StatePill state={status.state} />
            <Tag>{status.transport}</Tag>
            {status.lastError && (
              <span className="error-hint" title={status.lastError}>
                <Icon name="warning" size={12} /> {status.lastError}
              </span>
            )}
          </div>
          <SignInStrip server={server} actions={actions} />
        </div>
        <dl className="server-figures">
          <div>
            <dt>Tools</dt>
            <dd>{status.state === 'disabled' ? '—' : status.tools}</dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd>{formatBytes(sample?.rssBytes)}</dd>
          </div>
          <div>
            <dt>Calls/s</dt>
            <dd>{formatRate(sample?.callsPerSec)}</dd>
          </div>
          <div>
            <dt>Errors</dt>
            <dd className={errorRate && errorRate > 0.05 ? 'text-bad' : undefined}>
              {formatPercent(errorRate)}
            </dd>
          </div>
        </dl>
        <div className="server-actions">
          {config.transport.type === 'stdio' && (
            <button
              type="button"
              className={`warm-toggle ${config.keepWarm ? 'tone-warn' : 'tone-neutral'}`}
              aria-pressed={config.keepWarm}
              aria-label={`Keep ${status.name} warm`}
              title={
                config.keepWarm
                  ? 'Kept warm: runs all the time'
                  : 'Sleeps when quiet: starts again on its next call'
              }
              disabled={busy || !config.enabled}
              onClick={() => void run(() => actions.setKeepWarm(status.id, !config.keepWarm))}
            >
              {config.keepWarm ? 'Kept warm' : 'Sleeps when quiet'}
            </button>
          )}
          <button
            type="button"
            role="switch"
            className="switch"
            aria-checked={config.enabled}
            aria-label={`Enable ${status.name}`}
            disabled={busy}
            onClick={() => void run(() => actions.setEnabled(status.id, !config.enabled))}
          >
            <span className="switch-knob" aria-hidden="true" />
          </button>
          <IconButton
            icon="restart"
            label={`Restart ${status.name}`}
            title="Restart"
            disabled={busy || !config.enabled}
            onClick={() => void run(() => actions.restart(status.id), `Restarted ${status.name}`)}
          />
          <IconButton
            icon="edit"
            label={`Edit ${status.name}`}
            title="Edit"
            onClick={() => actions.edit(server)}
          />
          <IconButton
            icon="trash"
            danger
            label={`Remove ${status.name}`}
            title="Remove"
            onClick={() => actions.remove(server)}
          />
        </div>
      </div>
      {open && (
        <div className="server-details" id={detailsId}>
          <dl className="kv">
            <dt>Command</dt>
            <dd className="mono">
              {config.transport.type === 'stdio'
                ? [config.transport.command, ...config.transport.args].join(' ')
                : config.transport.url}
            </dd>
            {status.pid !== undefined && (
              <>
                <dt>PID</dt>
                <dd className="mono">{status.pid}</dd>
              </>
            )}
            {status.protocolVersion && (
              <>
                <dt>Protocol</dt>
                <dd className="mono">{status.protocolVersion}</dd>
              </>
            )}
            <dt>Resources · prompts</dt>
            <dd>
              {status.resources} · {status.prompts}
            </dd>
            {status.lastError && (
              <>
                <dt>Last error</dt>
                <dd className="text-bad">{status.lastError}</dd>
              </>
            )}
          </dl>
          <h4 className="section-label">stderr</h4>
          {hasLog && status.stderrTail.length > 0 ? (
            <pre className="log" aria-label={`stderr of ${status.name}`}>
              {status.stderrTail.join('\n')}
            </pre>
          ) : (
            <p className="muted small">Nothing written to stderr.</p>
          )}
        </div>
      )}
    </li>
  );
}
