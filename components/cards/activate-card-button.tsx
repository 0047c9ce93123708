"use client";

import { Button } from "@/components/ui/button";
import { activateCardAction } from "@/lib/actions/cards/activate-card";
import { ActionFailureAlert } from "./action-failure";
import { useCardAction } from "./use-card-action";

/** Card OPEN-API 卡激活: a card issued but not activated becomes usable. Followed like every provider request. */
export function ActivateCardButton({ cardId, disabled, icon }: { cardId: string; disabled: boolean; icon: React.ReactNode }) {
  const activate = useCardAction("activate");
  return (
    <>
      <Button disabled={disabled || activate.pending} aria-busy={activate.pending} onClick={() => activate.run((orderId) => activateCardAction({ cardId, orderId }))}>
        {icon} {activate.pending ? "Activating…" : "Activate card"}
      </Button>
      {activate.failure ? (
        <div className="basis-full">
          <ActionFailureAlert failure={activate.failure} />
        </div>
      ) : null}
    </>
  );
}
