// The answer when the stages cannot run at all (an address that is not a URL, a failing finishing
// stage): a plain error page that still carries every security header, and never any internals.

import { applySecurityHeaders } from "../http/headers.ts";
import { CONTENT_TYPES } from "../http/responses.ts";
import { renderErrorPage } from "../render/pages/error.ts";
import { styleSources } from "./styles.ts";

export async function fallbackResponse(status: number, title: string, message: string, requestId: string, https: boolean): Promise<Response> {
  const headers = new Headers({ "Content-Type": CONTENT_TYPES.html, "Cache-Control": "no-store", "X-Request-Id": requestId });
  applySecurityHeaders(headers, "html", https, await styleSources());
  return new Response(renderErrorPage(status, title, message), { status, headers });
}
