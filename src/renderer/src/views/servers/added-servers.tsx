/** What an import added: a sentence with the count, and the ids (the servers land disabled). */
export function AddedServers({ added }: { added: string[] }) {
  return (
    <>
      <p>
        {added.length === 0
          ? 'No servers were added.'
          : `Added ${added.length} server${added.length === 1 ? '' : 's'}, disabled until you switch them on:`}
      </p>
      {added.length > 0 && (
        <ul className="id-list" aria-label="Added servers">
          {added.map((id) => (
            <li key={id} className="mono">
              {id}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
