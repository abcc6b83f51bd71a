import NextAuth from "next-auth";
import { authConfig, withSecret } from "@/lib/auth/config";

// Redirects signed-out visitors to /login. It is a convenience only: every
// page, server action and route handler checks the session again itself.
const { auth } = NextAuth(withSecret(authConfig));
export { auth as proxy };

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|media/|api/v1/).*)"],
};
