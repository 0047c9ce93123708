import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ProviderText } from "./provider-text";

const render = (text: string) => renderToStaticMarkup(createElement(ProviderText, { text }));

describe("ProviderText", () => {
  it("keeps the provider's Chinese as written, marked as Chinese, with the English beside it", () => {
    expect(render("The provider reports insufficient funds. (provider says: 余额不足)")).toBe(
      'The provider reports insufficient funds. (provider says: <span lang="zh">余额不足</span>) <span class="text-muted-foreground">(In English: Not enough balance.)</span>',
    );
  });

  it("says when Chinese is not a documented message, and shows English text unchanged", () => {
    expect(render("风控拦截")).toBe('<span lang="zh">风控拦截</span> <span class="text-muted-foreground">(In Chinese: not a message the provider&#x27;s documents explain.)</span>');
    expect(render("余额不足，风控拦截")).toContain("(In English, in part: Not enough balance.)");
    expect(render("Card not found")).toBe("Card not found");
  });
});

describe("ProviderText quoted", () => {
  it("quotes the provider's words and puts the explanation after the quotation marks", () => {
    expect(render("余额不足").replace(/<[^>]+>/g, "")).toBe("余额不足 (In English: Not enough balance.)");
    const quoted = renderToStaticMarkup(createElement(ProviderText, { text: "余额不足", quote: true })).replace(/<[^>]+>/g, "");
    expect(quoted).toBe("“余额不足” (In English: Not enough balance.)");
    expect(renderToStaticMarkup(createElement(ProviderText, { text: "Insufficient balance", quote: true }))).toBe("“Insufficient balance”");
  });
});
