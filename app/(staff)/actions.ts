"use server";

import { getStaff, revokeSessions, signOut } from "@/lib/auth";

export async function signOutAction() {
  const me = await getStaff();
  if (me) await revokeSessions(me.id);
  await signOut({ redirectTo: "/login" });
}
