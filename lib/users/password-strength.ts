import { ZxcvbnFactory, type TranslationKeys } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary } from "@zxcvbn-ts/language-en";
import { ActionError } from "@/lib/actions/result";

/**
 * SECURITY (NIST 800-63B): a new password is screened against common and breached passwords, repeats, sequences,
 * keyboard patterns and the person's own context (email, its local part, name, the product), by zxcvbn's estimate of
 * the guesses an attacker needs. Server only: the dictionaries are megabytes, and the client forms check the length
 * alone (password-policy.ts). Scores run 0–4; 3 is "safely unguessable" against online and throttled offline attacks.
 */
const MINIMUM_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;

/** Built on first use and kept for the process: ranking the dictionaries takes about 100 ms. */
function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    // Bounds the work on long passwords (up to 256 characters are allowed): the first 100 are judged, and at most ten
    // l33t substitutions tried, which keeps a worst-case check near 100 ms instead of two seconds of blocked server.
    maxLength: 100,
    l33tMaxSubstitutions: 10,
  });
  return estimator;
}

/** Whose password it is, for the message: the person choosing their own, or an administrator choosing for someone. */
export type PasswordOwnerWording = "your" | "their";

/** The words that make a password guessable for this person: the email, its local part and its pieces, the name. */
function contextWords(owner: { email: string; name: string }): string[] {
  const email = owner.email.trim().toLowerCase();
  const localPart = email.split("@")[0] ?? "";
  const name = owner.name.trim().toLowerCase();
  const nameWords = name.split(/\s+/);
  const words = [email, localPart, ...localPart.split(/[^\p{L}\p{N}]+/u), name, ...nameWords, nameWords.join(""), "cardhub"];
  return [...new Set(words.filter((word) => word.length > 1))];
}

type Warning = keyof TranslationKeys["warnings"];

const ADVICE = "Use a few unrelated words.";
const COMMON = "This password is common, or close to a common one: attackers try those first.";
const REPEATS = 'This password repeats a character or a pattern (like "aaa" or "abcabc"), which is easy to guess.';
const PATTERN = 'This password is a sequence or a keyboard pattern (like "abcd" or "qwerty"), which is easy to guess.';
const DATES = "Dates and years are easy to guess.";
const ONE_WORD = "A single word or name is easy to guess.";

// zxcvbn's own reason, in our words (its feedback is left untranslated, so it answers with these keys).
const REASONS: Record<Warning, (whose: PasswordOwnerWording) => string> = {
  userInputs: (whose) => `This password contains ${whose} name, ${whose} email address or the word Cardhub, which are easy to guess.`,
  topTen: () => COMMON,
  topHundred: () => COMMON,
  common: () => COMMON,
  similarToCommon: () => COMMON,
  pwned: () => COMMON,
  simpleRepeat: () => REPEATS,
  extendedRepeat: () => REPEATS,
  sequences: () => PATTERN,
  straightRow: () => PATTERN,
  keyPattern: () => PATTERN,
  dates: () => DATES,
  recentYears: () => DATES,
  wordByItself: () => ONE_WORD,
  namesByThemselves: () => ONE_WORD,
  commonNames: () => ONE_WORD,
};

/** The password with every context word of three or more characters cut out, longest first, in any case. */
function withoutContextWords(password: string, words: readonly string[]): string {
  const cut = words.filter((word) => word.length >= 3).sort((a, b) => b.length - a.length);
  return cut.reduce((rest, word) => rest.replace(new RegExp(word.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"), "giu"), ""), password);
}

/** Why this password is too easy to guess, with what to do instead; null when it is strong enough. */
export function weakPasswordProblem(password: string, owner: { email: string; name: string }, whose: PasswordOwnerWording = "your"): string | null {
  const words = contextWords(owner);
  const result = passwordEstimator().check(password, words);
  if (result.score < MINIMUM_SCORE) {
    const warning = result.feedback.warning as Warning | null;
    const reason = warning && warning in REASONS ? REASONS[warning](whose) : `This password is too easy to guess: it is common or contains ${whose} name or email.`;
    return `${reason} ${ADVICE}`;
  }
  // zxcvbn scores any three pieces at least 10^8 guesses, so "nina.new.2024!" passes for Nina. Someone guessing at
  // her account starts from her own words: what is left without them must be strong enough by itself.
  const rest = withoutContextWords(password, words);
  if (rest !== password && passwordEstimator().check(rest, words).score < MINIMUM_SCORE) return `${REASONS.userInputs(whose)} ${ADVICE}`;
  return null;
}

/** Refuses a weak new password on the password field, with the same text as the message (one problem, one text). */
export function refuseWeakPassword(password: string, owner: { email: string; name: string }, whose: PasswordOwnerWording = "your"): void {
  const problem = weakPasswordProblem(password, owner, whose);
  if (problem) throw new ActionError("invalid_input", problem, { password: problem });
}
