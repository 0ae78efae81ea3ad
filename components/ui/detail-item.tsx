/** One term and its description inside a `<dl>`; extra props (className, data-testid) go on the `<dd>`. */
export function DetailItem({ term, children, ...props }: React.HTMLAttributes<HTMLElement> & { term: string }) {
  return (
    <div>
      <dt className="text-fg-subtle">{term}</dt>
      <dd {...props}>{children}</dd>
    </div>
  );
}
