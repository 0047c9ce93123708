import { z } from "zod";

export type UsState = { code: string; name: string };

const statesSchema = z.array(z.object({ code: z.string().length(2), value: z.string().min(1) }));

/** GET /enum/us/states → the states a NobePay cardholder address may use. */
export function toUsStates(data: unknown): UsState[] {
  return statesSchema.parse(data).map((state) => ({ code: state.code, name: state.value }));
}
