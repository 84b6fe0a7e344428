/**
 * A gate the test opens when it has seen what it waits for: hand `opened` to whatever must wait
 * (a LiteLLM stand-in answer's `until`), then `open()` it. No fixed sleep holds a worker longer than
 * the test needs, and a slow machine cannot outrun it.
 *
 * @example
 * const litellmAnswers = gate();
 * harness.litellm.answer({ body, until: litellmAnswers.opened });
 * // … look while the sync waits …
 * litellmAnswers.open();
 */
export interface Gate {
  opened: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
