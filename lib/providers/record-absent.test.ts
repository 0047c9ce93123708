import { describe, expect, it } from "vitest";
import { envelopeError as cardepassError } from "@/lib/providers/cardepass/transform";
import { envelopeError as cardopenapiError } from "@/lib/providers/cardopenapi/transform";
import { codeForHttpStatus, ProviderError } from "@/lib/providers/errors";
import { envelopeError as nobepayError } from "@/lib/providers/nobepay/transform";
import { isRecordAbsent } from "@/lib/providers/record-absent";

describe("which 'not found' is the provider's word that the record does not exist", () => {
  it("Cardepass: CARD_NOT_FOUND and ORDER_NOT_FOUND (cardepass-v2.md 错误码说明), not its generic 404 row nor a bare 404", () => {
    expect(isRecordAbsent(cardepassError(404, { errorCode: "CARD_NOT_FOUND", errorMessage: "卡片不存在", hasError: true }))).toBe(true);
    expect(isRecordAbsent(cardepassError(200, { errorCode: "ORDER_NOT_FOUND", errorMessage: "订单不存在", hasError: true }))).toBe(true);
    // "| 404 | 404 | 请求的资源不存在 | 检查请求的资源ID是否正确 |": what any unknown path answers as well.
    expect(cardepassError(404, { errorCode: "404", hasError: true })?.code).toBe("not_found");
    expect(isRecordAbsent(cardepassError(404, { errorCode: "404", hasError: true }))).toBe(false);
    expect(isRecordAbsent(cardepassError(404, {}))).toBe(false);
    expect(isRecordAbsent(new ProviderError(codeForHttpStatus(404), { provider: "cardepass", httpStatus: 404 }))).toBe(false);
  });

  it("NobePay: 404001 卡片不存在, not a bare 404", () => {
    expect(isRecordAbsent(nobepayError({ success: false, code: 404001, msg: "卡片不存在" }))).toBe(true);
    expect(isRecordAbsent(new ProviderError("not_found", { provider: "nobepay", httpStatus: 404 }))).toBe(false);
  });

  it("Card OPEN-API: 10003 record not found, not 10404 api not found nor a bare 404", () => {
    expect(isRecordAbsent(cardopenapiError({ code: 10003, message: "record not found: order" }))).toBe(true);
    expect(cardopenapiError({ code: 10404, message: "api not found" })?.code).toBe("not_found");
    expect(isRecordAbsent(cardopenapiError({ code: 10404, message: "api not found" }))).toBe(false);
    expect(isRecordAbsent(new ProviderError("not_found", { provider: "cardopenapi", httpStatus: 404 }))).toBe(false);
  });

  it("an adapter's conclusion from a complete, successful answer counts; other errors never do", () => {
    expect(isRecordAbsent(new ProviderError("not_found", { provider: "nobepay", recordAbsent: true }))).toBe(true);
    expect(isRecordAbsent(new ProviderError("unknown", { provider: "nobepay", recordAbsent: true }))).toBe(false);
    expect(isRecordAbsent(new ProviderError("invalid_request", { provider: "cardepass", providerCode: "CARD_NOT_FOUND" }))).toBe(false);
    expect(isRecordAbsent(new Error("not found"))).toBe(false);
  });
});
