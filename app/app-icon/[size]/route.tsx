import { ImageResponse } from "next/og";
import { z } from "zod";

// The app's icon as PNG at the sizes tablets ask for when Shopkeeper is
// installed (app/manifest.ts): the same bag as app/icon.svg, drawn by Next's
// own image renderer. `?maskable=1` leaves the safe margin Android crops into.

const sizeSchema = z.enum(["192", "512"]);
const BAG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M9 13h14l-1.2 11.2a2 2 0 0 1-2 1.8h-7.6a2 2 0 0 1-2-1.8z" fill="#f7f5f2"/><path d="M12.5 13v-1.5a3.5 3.5 0 0 1 7 0V13" fill="none" stroke="#f7f5f2" stroke-width="2"/></svg>`;

export async function GET(request: Request, { params }: { params: Promise<{ size: string }> }) {
  const parsed = sizeSchema.safeParse((await params).size);
  if (!parsed.success) return new Response("Icons come in 192 and 512.", { status: 404 });
  const size = Number(parsed.data);
  const maskable = new URL(request.url).searchParams.get("maskable") === "1";
  const bag = Math.round(size * (maskable ? 0.8 : 1));
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", alignItems: "center", justifyContent: "center", background: "#1f3a5f", borderRadius: maskable ? 0 : size * 0.22 }}>
        {/* eslint-disable-next-line @next/next/no-img-element -- drawn by the image renderer, not a page */}
        <img alt="" width={bag} height={bag} src={`data:image/svg+xml,${encodeURIComponent(BAG)}`} />
      </div>
    ),
    { width: size, height: size, headers: { "Cache-Control": "public, max-age=86400" } },
  );
}
