import { z } from "zod";
import { PROVIDER_NAMES } from "@/lib/providers/types";
import { uuidSchema } from "@/lib/validation/uuid";
import { typedCardepassVersion } from "./cardepass-version";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

/** Credential fields as typed in the form: all strings; blank means "keep what is stored" when editing. */
const credentialInput = z.record(z.string().regex(/^[A-Za-z]{1,32}$/), z.string().max(1024)).default({});

const accountFields = {
  label: z.string().trim().min(1, "Give the account a label.").max(100, "Use at most 100 characters."),
  baseUrl: z.string().trim().min(1, "Enter the base URL.").max(500),
  timeZone: optionalText(64),
  apiVersion: optionalText(16),
  credentials: credentialInput,
};

/** A Cardepass account's version is a document (v1 or v2, any capitals typed), not a path segment: see cardepass-version.ts. */
export const addProviderAccountSchema = z
  .object({ provider: z.enum(PROVIDER_NAMES, { message: "Choose a provider." }), ...accountFields })
  .transform((input, context) => {
    if (input.provider !== "cardepass") return input;
    const typed = typedCardepassVersion(input.apiVersion);
    if ("version" in typed) return { ...input, apiVersion: typed.version };
    context.addIssue({ code: "custom", path: ["apiVersion"], message: typed.problem, input: input.apiVersion });
    return z.NEVER;
  });
export type AddProviderAccountInput = z.output<typeof addProviderAccountSchema>;

/** The Cardepass version is read against the stored account in updateProviderAccount, which knows its provider. */
export const editProviderAccountSchema = z.object({
  ...accountFields,
  accountId: uuidSchema(),
  /** The account's updatedAt as the form was opened with: a save over a change made since is refused. */
  loadedUpdatedAt: z.iso.datetime().optional(),
});
export type EditProviderAccountInput = z.output<typeof editProviderAccountSchema>;

export const providerAccountIdSchema = z.object({ accountId: uuidSchema() });
export const setProviderAccountActiveSchema = providerAccountIdSchema.extend({ active: z.boolean() });
