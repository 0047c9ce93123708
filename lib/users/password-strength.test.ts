import { describe, expect, it, vi } from "vitest";

// Counts how often the estimator (and its ranked dictionaries) is built.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock("@zxcvbn-ts/core", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@zxcvbn-ts/core")>();
  class CountedFactory extends actual.ZxcvbnFactory {
    constructor(...args: ConstructorParameters<typeof actual.ZxcvbnFactory>) {
      super(...args);
      built.count += 1;
    }
  }
  return { ...actual, ZxcvbnFactory: CountedFactory };
});

const { refuseWeakPassword, weakPasswordProblem } = await import("./password-strength");

const ben = { email: "ben939752@demo.test", name: "Ben Benson" };
const GOOD = "violet lantern orbit meadow";

describe("a new password too easy to guess", () => {
  it.each(["123456789012", "iloveyou1234", "P@ssw0rd12345", "qwertyuiopasdf", "zaq12wsxcde3"])("is refused when it is a common password or close to one: %s", (password) => {
    expect(weakPasswordProblem(password, ben)).toMatch(/^This password is common, or close to a common one.* Use a few unrelated words\.$/);
  });

  it.each(["aaaaaaaaaaaa", "passwordpassword", "abcabcabcabc", "a".repeat(256)])("is refused when it repeats a character or a pattern: %s", (password) => {
    expect(weakPasswordProblem(password, ben)).toMatch(/^This password repeats a character or a pattern/);
  });

  it("is refused when it is a sequence", () => {
    expect(weakPasswordProblem("abcdefghijklmnop", ben)).toMatch(/^This password is a sequence or a keyboard pattern/);
  });

  it.each([
    ["the email address", "ben939752@demo.test"],
    ["the email address and a character", "Ben939752@demo.test!"],
    ["the email's local part twice", "ben939752ben939752"],
    ["the local part and a common password", "ben939752123456"],
    ["the name written together and digits", "benbenson123456"],
    ["the product's name and digits", "cardhub123456"],
    // zxcvbn alone scores these 3 (any three pieces make 10^8 guesses): without the person's words little is left.
    ["the name and a year", "Ben Benson 2024!"],
    ["the name's words and punctuation", "bensonben!!!!"],
    ["the local part and a year", "ben939752.2024!"],
    ["the product's name and a common word", "cardhub password"],
  ])("is refused when it is built on %s, saying so", (_case, password) => {
    expect(weakPasswordProblem(password, ben)).toBe("This password contains your name, your email address or the word Cardhub, which are easy to guess. Use a few unrelated words.");
  });

  it("speaks of the person as 'their' when an administrator chooses it for them", () => {
    expect(weakPasswordProblem("ben939752@demo.test", ben, "their")).toBe("This password contains their name, their email address or the word Cardhub, which are easy to guess. Use a few unrelated words.");
  });

  it("takes another person's email as nothing special: the words are the person's own", () => {
    const nina = { email: "nina.new@demo.test", name: "Nina New" };
    for (const password of ["nina.new.2024!", "ninanew2024!!"]) {
      expect(weakPasswordProblem(password, ben)).toBeNull();
      expect(weakPasswordProblem(password, nina)).toMatch(/^This password contains your name, your email address/);
    }
  });

  it("finds the person's words in any case, whatever characters their name holds", () => {
    const zoe = { email: "zoe@demo.test", name: "Zoë O'Brien (Zoe" };
    expect(weakPasswordProblem("O'BRIEN (ZOE 2024!", zoe)).toMatch(/^This password contains your name/);
    expect(weakPasswordProblem("zoë.o'brien.2024", zoe)).toMatch(/^This password contains your name/);
  });
});

describe("a good new password", () => {
  it.each([GOOD, "correct horse battery staple", "tangerine submarine ballet", "tia's correct horse battery", "finance passphrase 2"])("is accepted: %s", (password) => {
    expect(weakPasswordProblem(password, ben)).toBeNull();
  });

  it("is accepted by refuseWeakPassword, which refuses a weak one on the password field with the same message", () => {
    expect(() => refuseWeakPassword(GOOD, ben)).not.toThrow();
    let refusal: unknown;
    try {
      refuseWeakPassword("passwordpassword", ben);
    } catch (error) {
      refusal = error;
    }
    const message = weakPasswordProblem("passwordpassword", ben);
    expect(refusal).toMatchObject({ name: "ActionError", code: "invalid_input", message, fields: { password: message } });
  });
});

describe("the estimator", () => {
  it("is built once per process, not per check", () => {
    for (const password of [GOOD, "passwordpassword", "ben939752@demo.test", "cardhub123456"]) weakPasswordProblem(password, ben);
    expect(built.count).toBe(1);
  });
});
