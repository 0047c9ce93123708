import Link from "next/link";

/** What a deactivation answers: the open cards the person still holds, which finance should reassign or freeze. */
export function DeactivationResult({ name, openCards }: { name: string; openCards: { id: string; alias: string; status: string }[] }) {
  if (openCards.length === 0) return <p className="text-sm">{name} is deactivated and holds no open cards.</p>;
  return (
    <div className="grid gap-2 text-sm">
      <p>
        {name} is deactivated and still holds {openCards.length} open card
        {openCards.length === 1 ? "" : "s"}. Finance should reassign or freeze them:
      </p>
      <ul className="list-disc pl-5">
        {openCards.map((card) => (
          <li key={card.id}>
            <Link className="underline" href={`/cards/${card.id}`}>
              {card.alias}
            </Link>{" "}
            <span className="text-muted-foreground">({card.status})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
