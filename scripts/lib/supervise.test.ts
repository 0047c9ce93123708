import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { superviseChildren } from "./supervise";

const nodeChild = (code: string) => spawn(process.execPath, ["-e", code], { stdio: "ignore" });

function crashReport(children: { name: string; child: ReturnType<typeof nodeChild> }[], isStopping = () => false): Promise<string> {
  return new Promise((resolve) => superviseChildren(children, isStopping, resolve));
}

describe("the launcher's child supervision", () => {
  it("names the child that crashed and how", async () => {
    const worker = nodeChild("setTimeout(() => process.exit(3), 50)");
    const web = nodeChild("setTimeout(() => {}, 5000)");
    const message = await crashReport([
      { name: "worker", child: worker },
      { name: "web server", child: web },
    ]);
    web.kill("SIGKILL");
    expect(message).toBe("the worker exited with code 3 unexpectedly");
  });

  it("names a child killed by a signal", async () => {
    const web = nodeChild("setTimeout(() => {}, 5000)");
    const report = crashReport([{ name: "web server", child: web }]);
    web.kill("SIGKILL");
    expect(await report).toBe("the web server was killed by SIGKILL unexpectedly");
  });

  it("says nothing about children that exit while the stack is stopping", async () => {
    const worker = nodeChild("process.exit(0)");
    let reported = false;
    superviseChildren([{ name: "worker", child: worker }], () => true, () => (reported = true));
    await new Promise((resolve) => worker.once("exit", resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reported).toBe(false);
  });
});
