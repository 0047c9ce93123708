export default function AuditLoading() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading audit events…</span>
      <div className="bg-muted h-8 w-40 animate-pulse rounded-md" aria-hidden />
      <div className="bg-muted h-40 animate-pulse rounded-lg" aria-hidden />
      {Array.from({ length: 8 }, (_, index) => (
        <div key={index} className="bg-muted h-9 animate-pulse rounded-md" aria-hidden />
      ))}
    </div>
  );
}
