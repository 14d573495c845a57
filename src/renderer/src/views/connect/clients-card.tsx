import type { ClientWiringView } from '../../../../shared/control';
import './clients-card.css';

/** What the card needs: the drifted clients and how to repair one. */
export interface ClientsCardProps {
  wiring: ClientWiringView[];
  error?: string;
  onRepair(client: ClientWiringView['client'], file: string): void;
}

/**
 * Client configs that were pointed at Switchboard and no longer reach it (another URL, a key
 * that was revoked), each with a Repair button; nothing is shown when every client is wired.
 */
export function ClientsCard({ wiring, error, onRepair }: ClientsCardProps) {
  if (wiring.length === 0 && !error) return null;
  return (
    <section className="card clients-card" aria-labelledby="clients-title">
      <h2 id="clients-title" className="card-title">
        Clients that lost their connection
      </h2>
      {error ? <p className="field-error">{error}</p> : null}
      <ul className="clients-list">
        {wiring.map((w) => (
          <li key={w.file} className="clients-row">
            <div>
              <strong>{w.client}</strong> <code className="mono small">{w.file}</code>
              <p className="muted small">
                It {w.what}.{w.needsKey ? ' Repair gives it a new key.' : ''} The file is backed up
                first.
              </p>
            </div>
            <button
              type="button"
              className="button small"
              aria-label={`Repair ${w.client} ${w.file}`}
              onClick={() => onRepair(w.client, w.file)}
            >
              Repair
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
