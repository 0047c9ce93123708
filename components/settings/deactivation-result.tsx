import Link from "next/link";

type OpenCard = { id: string; alias: string; status: string };
type WithdrawnRequest = { id: string; description: string };

/**
 * What a deactivation answers: the open cards the person still holds, which finance should reassign or freeze, and the
 * requests it withdrew (filed by them or for them, not yet carried out), which do not come back if they return.
 */
export function DeactivationResult({ name, openCards, withdrawnRequests, notice }: { name: string; openCards: OpenCard[]; withdrawnRequests: WithdrawnRequest[]; notice: string | null }) {
  return (
    <div className="grid gap-2 text-sm">
      {openCards.length === 0 ? (
        <p>{name} is deactivated and holds no open cards.</p>
      ) : (
        <>
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
        </>
      )}
      {withdrawnRequests.length > 0 ? (
        <>
          <p>
            {withdrawnRequests.length === 1 ? "1 request" : `${withdrawnRequests.length} requests`} by or for them{" "}
            {withdrawnRequests.length === 1 ? "was" : "were"} withdrawn, and {withdrawnRequests.length === 1 ? "stays" : "stay"} withdrawn if
            they return:
          </p>
          <ul className="list-disc pl-5">
            {withdrawnRequests.map((request) => (
              <li key={request.id}>
                <Link className="underline" href={`/requests/${request.id}`}>
                  {request.description}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {notice ? <p>{notice}</p> : null}
    </div>
  );
}
