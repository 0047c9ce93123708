export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="text-muted-foreground flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed p-10 text-center">
      <p className="text-foreground font-medium">{title}</p>
      {children ? <div className="max-w-md text-sm">{children}</div> : null}
    </div>
  );
}
