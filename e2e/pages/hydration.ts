import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Waits until React has taken over this element: a server-rendered control does nothing when clicked before its
 * page (or its own lazily loaded chunk) has hydrated. React keeps the element's props on the element itself
 * (`__reactProps$…`) once it hydrated or rendered it: the condition that makes a first click count, after which one
 * click is expected to work. A page's goto and reload already wait for all its controls (waitForHydration, through
 * e2e/fixtures/test.ts); this is for a control reached otherwise, after a click that loaded a page or a chunk.
 */
export async function expectHydrated(control: Locator): Promise<void> {
  await expect
    .poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))), {
      message: "the control was never hydrated by React",
      timeout: 15_000,
    })
    .toBe(true);
}

/** What a person types into, chooses or presses: useless until React has hydrated it. (React leaves the hidden input that names a form's server action unhydrated; nobody touches it.) */
const CONTROLS = "input:not([type=hidden]), select, textarea, button";
const HYDRATION_WAIT_MS = 10_000;

/**
 * Waits until React has hydrated every form control the server rendered, as a person waits for a page to come alive.
 * A server-rendered control does nothing before then: a letter typed lands in bare HTML and is lost, a select's change
 * reaches no handler (CI of 4e938ba searched "ma" for "emma"). React keeps an element's props on the element once it
 * hydrated it (`__reactProps$…`). Never fails a test itself: a page that does not hydrate fails on what it then does.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page
    .waitForFunction(
      (selector) => [...document.querySelectorAll(selector)].every((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))),
      CONTROLS,
      { timeout: HYDRATION_WAIT_MS, polling: 50 },
    )
    .catch(() => undefined);
}
