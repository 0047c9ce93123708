import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import type { ConfirmActionDialogProps } from "./confirm-action-modal";

describe("a button that asks before it acts", () => {
  it("is its trigger alone until first used, announced as opening a dialog", () => {
    const html = renderToStaticMarkup(
      createElement(ConfirmActionDialog<null>, {
        trigger: createElement("button", { type: "button", className: "remove" }, "Remove"),
        title: "Remove the threshold?",
        description: "Every request then needs finance.",
        confirmLabel: "Remove threshold",
        action: async () => ({ ok: true as const, data: null }),
      }),
    );
    expect(html).toBe('<button type="button" class="remove" aria-haspopup="dialog" aria-expanded="false">Remove</button>');
  });
});

describe("a dialog that shows what its action did", () => {
  it("must be given the title that says so: the question no longer fits over the result (checked by tsc)", () => {
    const asked = { trigger: null, title: "Deactivate Ana?", description: "", confirmLabel: "Deactivate", action: async () => ({ ok: true as const, data: 1 }) };
    // @ts-expect-error renderResult without resultTitle would keep the question "Deactivate Ana?" over "Ana is deactivated".
    const untitled: ConfirmActionDialogProps<number> = { ...asked, renderResult: () => "Ana is deactivated." };
    const titled: ConfirmActionDialogProps<number> = { ...asked, renderResult: () => "Ana is deactivated.", resultTitle: "Ana is deactivated" };
    expect(untitled.resultTitle).toBeUndefined();
    expect(titled.resultTitle).toBe("Ana is deactivated");
  });
});
