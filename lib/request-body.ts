// No "server-only": route handlers and their tests read bodies with it, and it touches nothing but the request.

/**
 * A request body's bytes, or null once it is over `limit`: refused from its
 * declared Content-Length before reading, or while reading, so an oversized
 * body is never held whole. Throws when the stream breaks (the client went
 * away mid-body).
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
