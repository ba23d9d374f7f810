// A minimal Chrome DevTools Protocol client over WebSocket (Node 22's global WebSocket), enough to
// drive V8's sampling profiler in workerd: workerd serves one inspector target per Worker at
// ws://<inspector>/core:user:<worker name>.

export interface Inspector {
  send: <T = unknown>(method: string, params?: Record<string, unknown>) => Promise<T>;
  close: () => void;
}

export function connectInspector(url: string): Promise<Inspector> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
    let next = 1;
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const pending = message.id === undefined ? undefined : waiting.get(message.id);
      if (!pending || message.id === undefined) return;
      waiting.delete(message.id);
      if (message.error) pending.reject(new Error(message.error.message));
      else pending.resolve(message.result);
    });
    socket.addEventListener("error", () => reject(new Error(`inspector connection to ${url} failed`)));
    socket.addEventListener("close", () => {
      for (const pending of waiting.values()) pending.reject(new Error("inspector connection closed"));
      waiting.clear();
    });
    socket.addEventListener("open", () =>
      resolve({
        send: <T>(method: string, params: Record<string, unknown> = {}) =>
          new Promise<T>((done, fail) => {
            const id = next++;
            waiting.set(id, { resolve: done as (value: unknown) => void, reject: fail });
            socket.send(JSON.stringify({ id, method, params }));
          }),
        close: () => socket.close(),
      }),
    );
  });
}
