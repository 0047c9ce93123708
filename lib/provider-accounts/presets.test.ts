import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseUrlPresets } from "./presets";

const doc = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../docs/provider-docs", name), "utf8");

describe("base URL presets come from the providers' documents", () => {
  it("cardepass: '测试环境: https://test.cardepass.com/openapi' and '生产环境: https://cardepass.com/openapi'", () => {
    const urls = baseUrlPresets("cardepass", null).map((preset) => preset.url);
    expect(urls).toEqual(["https://cardepass.com/openapi", "https://test.cardepass.com/openapi"]);
    for (const url of urls) expect(doc("cardepass-v1.md")).toContain(url);
  });

  it("nobepay: '生产环境：API HOST `https://api.nobepay.com`', no test host documented", () => {
    expect(baseUrlPresets("nobepay", null)).toEqual([{ label: "Production", url: "https://api.nobepay.com" }]);
    expect(doc("nobepay.md")).toContain("API HOST `https://api.nobepay.com`");
  });

  it("cardopenapi documents only a placeholder host, so only the sandbox is offered", () => {
    expect(doc("cardopenapi.md")).toContain("http://prod-cn.your-api-server.com/");
    expect(baseUrlPresets("cardopenapi", null)).toEqual([]);
    expect(baseUrlPresets("cardopenapi", "http://127.0.0.1:4010")).toEqual([{ label: "Cardhub sandbox", url: "http://127.0.0.1:4010/cardopenapi" }]);
  });
});
