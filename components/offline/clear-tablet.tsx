"use client";

import { useEffect } from "react";
import { clearDevice } from "@/lib/offline/page-cache";

/**
 * On the sign-in page no one is signed in: whatever a staff session kept on
 * this tablet (pages, the queue, the recent profiles) goes, whether she signed
 * out, her session was revoked, or it simply ended.
 */
export function ClearTablet() {
  useEffect(() => {
    void clearDevice().catch(() => {});
  }, []);
  return null;
}
