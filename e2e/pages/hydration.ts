import { expect, type Locator } from "@playwright/test";

/**
 * Waits until React has taken over this element: a server-rendered control does nothing when clicked before its
 * page (or its own lazily loaded chunk) has hydrated. React keeps the element's props on the element itself
 * (`__reactProps$…`) once it hydrated or rendered it: the condition that makes a first click count, after which one
 * click is expected to work.
 */
export async function expectHydrated(control: Locator): Promise<void> {
  await expect
    .poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))), {
      message: "the control was never hydrated by React",
      timeout: 15_000,
    })
    .toBe(true);
}
