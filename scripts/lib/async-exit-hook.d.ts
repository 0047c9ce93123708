declare module "async-exit-hook" {
  type Hook = (done?: () => void) => void;
  interface AsyncExitHook {
    (hook: Hook): void;
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  }
  const asyncExitHook: AsyncExitHook;
  export default asyncExitHook;
}
