/**
 * The first `limit` bytes of a body as text; the rest is cancelled, never downloaded. For answers
 * that are read whole but must not be allowed to grow without bound (error bodies, small lists).
 */
export async function readBodyStart(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const kept = value.subarray(0, limit - bytes);
      bytes += kept.byteLength;
      text += decoder.decode(kept, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    await reader.cancel();
  }
}
