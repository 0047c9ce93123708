import { expect, type Locator, type Page } from "@playwright/test";
import { expectHydrated } from "./hydration";

/**
 * Chooses a person in a person combobox as someone at a keyboard does: types part of the name or email, waits for the
 * server's answer to that text, moves down the list with ArrowDown to the person and presses Enter.
 */
export async function choosePerson(scope: Page | Locator, label: string, typed: string, name: string): Promise<void> {
  const box = scope.getByRole("combobox", { name: label });
  // The combobox loads as its own chunk (components/people/person-picker.tsx): typed into before it has hydrated, the
  // text lands in bare HTML and nothing searches. Once it is live, one click opens the list.
  await expectHydrated(box);
  await box.click();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await box.fill("");
  await box.pressSequentially(typed, { delay: 30 });
  const listbox = scope.getByRole("listbox", { name: "People" });
  await expect(listbox).toHaveAttribute("aria-busy", "false");
  const option = listbox.getByRole("option", { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`) });
  await expect(option).toBeVisible();
  const optionId = await option.getAttribute("id");
  for (let step = 0; step < 20 && (await box.getAttribute("aria-activedescendant")) !== optionId; step += 1) await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", optionId!);
  await box.press("Enter");
  await expect(box).toHaveValue(name);
  await expect(box).toHaveAttribute("aria-expanded", "false");
}
