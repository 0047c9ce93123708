import { ActionError } from "@/lib/actions/result";

/**
 * SECURITY (funding.view): a refusal because the funding account (a NobePay BIN's account included) cannot cover an
 * amount. Its field message states the balance, which only finance issuing or moving money reads on its form; a
 * request's execution turns it into neutralFundingFailure for the requester and tells finance the figures.
 */
export class FundingShortfallError extends ActionError {
  constructor(
    readonly field: string,
    /** The reason with the balance in it, e.g. "The funding balance that pays is $12.34 (…); this top-up needs $50.75." */
    readonly shortfall: string,
    /** What could not be covered, in words: "top-up", "card's first top-up". */
    readonly what: string,
  ) {
    super("invalid_input", "Some fields need attention.", { [field]: shortfall });
    this.name = "FundingShortfallError";
  }
}

/** The words a request's people read when the funding account could not cover it: no balance, and what happens next. */
export function neutralFundingFailure(what: string, financeTold: boolean): string {
  const next = financeTold ? "Finance has been told; once the account is topped up, finance can retry this request." : "Once finance tops up the account, finance can retry this request.";
  return `The company's funding account could not cover this ${what} when it was carried out. ${next}`;
}
