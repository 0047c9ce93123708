import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Every .tsx file under these folders of the app. */
function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith(".tsx") ? [full] : [];
  });
}

type FormTag = { file: string; line: number; method: string | null; functionAction: boolean };

function formTags(file: string): FormTag[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: FormTag[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) &&
      node.tagName.getText(source) === "form"
    ) {
      const attribute = (name: string) =>
        node.attributes.properties.find(
          (property): property is ts.JsxAttribute =>
            ts.isJsxAttribute(property) && property.name.getText(source) === name,
        );
      const method = attribute("method")?.initializer;
      const action = attribute("action")?.initializer;
      found.push({
        file: path.relative(process.cwd(), file),
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
        method: method && ts.isStringLiteral(method) ? method.text.toLowerCase() : null,
        // A function action ({signOutAction}): React renders the form as a POST to it before hydration.
        functionAction: action !== undefined && ts.isJsxExpression(action),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const forms = ["app", "components"]
  .flatMap((folder) => sources(path.join(process.cwd(), folder)))
  .flatMap(formTags);

describe("forms submitted before the page's JavaScript has loaded", () => {
  it("finds the app's forms", () => {
    expect(forms.length).toBeGreaterThan(20);
  });

  // A form without a method submits as GET: a sign-in typed before hydration put "?password=…" in the address bar,
  // the browser history and the server's request log. Every form says how it submits.
  it("every form posts, or is a search form that says it submits as GET", () => {
    const unsafe = forms.filter(
      (form) => !form.functionAction && form.method !== "post" && form.method !== "get",
    );
    expect(unsafe.map((form) => `${form.file}:${form.line}`)).toEqual([]);
  });

  it("no form that takes a password, a code or a credential submits as GET", () => {
    const secretFields =
      /type="password"|name="(password|code|currentPassword|newPassword|secret)"|autoComplete="(current-password|new-password|one-time-code)"/;
    const getForms = new Set(forms.filter((form) => form.method === "get").map((form) => form.file));
    const leaking = [...getForms].filter((file) => secretFields.test(readFileSync(file, "utf8")));
    expect(leaking).toEqual([]);
  });
});
