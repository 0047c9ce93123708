import { expect, type Locator, type Page, type Request } from "@playwright/test";

/**
 * Focuses a form's first field, as a person does before choosing, and waits until the code the form fetches then (its
 * checks, the cost panel) has arrived.
 */
export async function useFormAndLoadItsCode(page: Page, field: Locator): Promise<void> {
  const scriptsLoading = new Set<Request>();
  const started = (request: Request) => void (request.resourceType() === "script" && scriptsLoading.add(request));
  const finished = (request: Request) => void scriptsLoading.delete(request);
  page.on("request", started);
  page.on("requestfinished", finished);
  try {
    const firstScript = page.waitForRequest((request) => request.resourceType() === "script");
    await field.focus();
    await firstScript;
    await expect.poll(() => scriptsLoading.size, { message: "the form's code never finished loading" }).toBe(0);
  } finally {
    page.off("request", started);
    page.off("requestfinished", finished);
  }
}

/**
 * Chooses a select's option (firing the change React listens to, as a person's choice does) and tells whether `shown`
 * is in the page at the next frame the browser draws: a panel that suspends shows its placeholder there instead, and one
 * whose code is still on its way shows nothing, then pushes what is below it down when it arrives.
 */
export async function chooseAndSeeAtOnce(select: Locator, value: string, shown: string): Promise<boolean> {
  return select.evaluate(
    (element, [value, shown]) => {
      const select = element as HTMLSelectElement;
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      return new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(document.querySelector(shown) !== null)));
    },
    [value, shown] as const,
  );
}
