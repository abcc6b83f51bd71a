import type { Network } from "@/db/schema";

export const NETWORK_LABELS: Record<Network, string> = { x: "X", instagram: "Instagram", tiktok: "TikTok", facebook: "Facebook" };
