// Baseline Worker: a constant string, the floor of what any Worker costs in this runtime.

export default {
  fetch: () => new Response("Hello, world!\n", { headers: { "Content-Type": "text/plain; charset=utf-8" } }),
} satisfies ExportedHandler;
