/** A table's header row: one `<th scope="col">` per column label, all with the same classes. */
export function TableHead({ columns, className, cellClassName }: { columns: readonly string[]; className?: string; cellClassName: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col" className={cellClassName}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
