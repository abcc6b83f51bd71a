import { handleSegmentRequest } from "@/lib/ingest/http";

/** Segment HTTP API: `identify`. Authenticated by a source write key (see /store/sources). */
export async function POST(request: Request) {
  return handleSegmentRequest(request, "identify");
}
