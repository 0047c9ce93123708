import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConfirmActionDialog } from "./confirm-action-dialog";

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
