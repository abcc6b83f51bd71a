import { productSvg } from "@/lib/product-art";

// Product illustrations carry no customer data, so they are public (the proxy
// skips /media/) and cached forever: the colour and category are in the name.
const FILE_NAME = /^([a-z]+)-([0-9a-f]{6})\.svg$/;

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const match = FILE_NAME.exec(file);
  const category = match?.[1];
  const hex = match?.[2];
  if (!category || !hex) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }

  return new Response(productSvg({ category, hex: `#${hex}` }), {
    headers: {
      "Content-Type": "image/svg+xml",
      "Cache-Control": "public, max-age=31536000, immutable",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
